"""Form templates, field parsers and validators (issue 4). Imports domain and ocr only."""
