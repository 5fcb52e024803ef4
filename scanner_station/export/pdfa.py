"""Per-document PDF/A-2b files with an invisible Vietnamese text layer, PAdES-signed.

The page images go in once (JPEG for colour and grey scans, each page image encoded a
single time); the OCR words are laid over them as invisible text (rendering mode 3)
in a *glyphless* font built here with fontTools and embedded, so the file needs no
system font, stays PDF/A-2b and its text is searchable and copyable (a ToUnicode map
sends every character code to the same Unicode code point; Vietnamese NFC letters
all sit in the Basic Multilingual Plane). The PDF/A claim is XMP ``pdfaid`` part 2,
conformance B with an sRGB output intent.

Signing (``sign_pdf``) is a PAdES baseline signature by pyHanko as an incremental
update — the pages are never re-rendered — with a visible stamp at the top right of
page 1 naming the digitising office, drawn in an embedded Vietnamese font.
"""

from __future__ import annotations

import asyncio
import atexit
import datetime as dt
import io
import shutil
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from ..domain.errors import StationError
from ..domain.text import nfc

FONT_NAME = "GlyphLessFont"
DEFAULT_DPI = 300.0


@dataclass(frozen=True)
class PdfPage:
    image: Path
    layout: dict[str, Any] | None  # PageLayout.to_dict() of the OCR result for this image
    dpi: float = DEFAULT_DPI


@lru_cache(maxsize=1)
def glyphless_font() -> bytes:
    """A TrueType font with one empty glyph (advance 500/1000 em): invisible text needs no shapes."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder([".notdef", "blank"])
    fb.setupCharacterMap({0x20: "blank"})
    empty = TTGlyphPen(None).glyph()
    fb.setupGlyf({".notdef": empty, "blank": TTGlyphPen(None).glyph()})
    fb.setupHorizontalMetrics({".notdef": (500, 0), "blank": (500, 0)})
    fb.setupHorizontalHeader(ascent=1000, descent=0)
    fb.setupNameTable({"familyName": FONT_NAME, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=1000, sTypoDescender=0, usWinAscent=1000, usWinDescent=0)
    fb.setupPost()
    buf = io.BytesIO()
    fb.save(buf)
    return buf.getvalue()


@lru_cache(maxsize=1)
def _srgb_icc() -> bytes:
    from PIL import ImageCms

    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def _to_unicode_cmap() -> bytes:
    ranges = "\n".join(f"<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>" for hi in range(256) if not 0xD8 <= hi <= 0xDF)
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{256 - 8} beginbfrange\n{ranges}\nendbfrange\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n").encode("ascii")


def _font(pdf):
    import pikepdf
    from pikepdf import Dictionary, Name

    font_file = pikepdf.Stream(pdf, glyphless_font())
    font_file.Length1 = len(glyphless_font())
    # every code → glyph 1 (the empty "blank"): a CIDToGIDMap of 65,536 big-endian 1s
    gid_map = pikepdf.Stream(pdf, zlib.compress(b"\x00\x01" * 65536), Filter=Name.FlateDecode)
    descriptor = Dictionary(Type=Name.FontDescriptor, FontName=Name("/" + FONT_NAME), Flags=5,
                            FontBBox=[0, 0, 500, 1000], ItalicAngle=0, Ascent=1000, Descent=0,
                            CapHeight=1000, StemV=80, FontFile2=font_file)
    cid_font = Dictionary(Type=Name.Font, Subtype=Name.CIDFontType2, BaseFont=Name("/" + FONT_NAME),
                          CIDSystemInfo=Dictionary(Registry=pikepdf.String("Adobe"),
                                                   Ordering=pikepdf.String("Identity"), Supplement=0),
                          FontDescriptor=descriptor, DW=500, CIDToGIDMap=gid_map)
    return pdf.make_indirect(Dictionary(
        Type=Name.Font, Subtype=Name.Type0, BaseFont=Name("/" + FONT_NAME), Encoding=Name("/Identity-H"),
        DescendantFonts=[pdf.make_indirect(cid_font)],
        ToUnicode=pdf.make_indirect(pikepdf.Stream(pdf, _to_unicode_cmap()))))


def _hex(text: str) -> str:
    return "".join(f"{ord(ch):04X}" for ch in text if ord(ch) <= 0xFFFF and not 0xD800 <= ord(ch) <= 0xDFFF)


def text_layer(layout: dict[str, Any] | None, img_w: int, img_h: int, page_w: float, page_h: float) -> str:
    """Content-stream operators placing every OCR word invisibly over its box."""
    if not layout:
        return ""
    lw, lh = int(layout.get("width") or img_w), int(layout.get("height") or img_h)
    sx, sy = page_w / max(1, lw), page_h / max(1, lh)
    ops = ["BT", "3 Tr"]
    for block in layout.get("blocks", []):
        for line in block.get("lines", []):
            words = line.get("words") or [{"text": line.get("text", ""), "bbox": line["bbox"]}]
            # one size and one baseline per line (as OCRmyPDF's hOCR renderer does): text
            # extraction and search then see a line, not words at scattered heights
            lx0, ly0, lx1, ly1 = line.get("bbox") or words[0]["bbox"]
            size = max(1.0, (ly1 - ly0) * sy)
            base = page_h - ly1 * sy
            for i, w in enumerate(words):
                text = nfc(w.get("text", ""))
                if not text.strip():
                    continue
                if i < len(words) - 1:
                    text += " "  # copy-paste keeps word gaps
                x0, y0, x1, y1 = w["bbox"]
                width = max(1.0, (x1 - x0) * sx)
                tz = 100.0 * width / max(1e-3, len(text) * 0.5 * size)
                ops.append(f"/F1 {size:.2f} Tf {tz:.2f} Tz 1 0 0 1 {x0 * sx:.2f} {base:.2f} Tm "
                           f"<{_hex(text)}> Tj")
    ops.append("ET")
    return "\n".join(ops) + "\n"


def _xmp(pdf, title: str, creator: str, when: dt.datetime) -> None:
    with pdf.open_metadata(set_pikepdf_as_editor=False) as meta:
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"
        meta["dc:title"] = title
        meta["xmp:CreatorTool"] = creator
        meta["pdf:Producer"] = creator
        meta["xmp:CreateDate"] = when.isoformat()
        meta["xmp:ModifyDate"] = when.isoformat()


def build_pdfa(pages: Iterable[PdfPage], out: Path, title: str, creator: str = "Scanner Station",
               jpeg_quality: int = 80) -> Path:
    """Write ``out`` as PDF/A-2b: one page per image, the OCR text invisible above it."""
    import pikepdf
    from pikepdf import Dictionary, Name
    from PIL import Image

    pages = list(pages)
    if not pages:
        raise StationError("a document without pages cannot become a PDF", hint="check the record's pages")
    pdf = pikepdf.new()
    pdf.docinfo = pdf.make_indirect(Dictionary())  # XMP holds the metadata; keep the Info dict empty
    font = _font(pdf)
    for pg in pages:
        try:
            with Image.open(pg.image) as im:
                im.load()
                mode = "L" if im.mode in ("1", "L", "LA", "I;16") else "RGB"
                im = im.convert(mode)
        except (OSError, ValueError) as exc:
            raise StationError("a page image for the PDF is missing or unreadable", path=str(pg.image),
                               hint="run `scanner-station retry` so the page is processed again") from exc
        w_px, h_px = im.size
        page_w, page_h = w_px * 72.0 / pg.dpi, h_px * 72.0 / pg.dpi
        buf = io.BytesIO()
        im.save(buf, "JPEG", quality=jpeg_quality, optimize=True)
        image = pikepdf.Stream(pdf, buf.getvalue(), Type=Name.XObject, Subtype=Name.Image, Width=w_px,
                               Height=h_px, BitsPerComponent=8, Filter=Name.DCTDecode,
                               ColorSpace=Name.DeviceGray if mode == "L" else Name.DeviceRGB)
        content = (f"q {page_w:.2f} 0 0 {page_h:.2f} 0 0 cm /Im0 Do Q\n"
                   + text_layer(pg.layout, w_px, h_px, page_w, page_h)).encode("ascii")
        page = pikepdf.Page(Dictionary(
            Type=Name.Page, MediaBox=[0, 0, round(page_w, 2), round(page_h, 2)],
            Resources=Dictionary(XObject=Dictionary(Im0=image), Font=Dictionary(F1=font)),
            Contents=pikepdf.Stream(pdf, zlib.compress(content), Filter=Name.FlateDecode)))
        pdf.pages.append(page)
    icc = pikepdf.Stream(pdf, _srgb_icc(), N=3)
    pdf.Root.OutputIntents = [pdf.make_indirect(Dictionary(
        Type=Name.OutputIntent, S=Name.GTS_PDFA1, OutputConditionIdentifier=pikepdf.String("sRGB"),
        Info=pikepdf.String("sRGB IEC61966-2.1"), DestOutputProfile=icc))]
    pdf.Root.MarkInfo = Dictionary(Marked=False)
    pdf.Root.Lang = pikepdf.String("vi-VN")
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    _xmp(pdf, nfc(title), creator, now)
    out.parent.mkdir(parents=True, exist_ok=True)
    pdf.save(out, fix_metadata_version=True, deterministic_id=False, min_version="1.7",
             object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out


def pdfa_problems(path: Path) -> list[str]:
    """What keeps ``path`` from being the PDF/A-2b we write (empty when all is well).

    Not a full veraPDF validation: the claim in XMP, the output intent, no encryption, no
    JavaScript or embedded files, and every font used by a page embedded."""
    import pikepdf

    problems = []
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError:
        return ["not a readable PDF"]
    with pdf:
        if pdf.is_encrypted:
            problems.append("encrypted")
        meta = pdf.open_metadata()
        if meta.get("pdfaid:part") != "2" or str(meta.get("pdfaid:conformance", "")).upper() != "B":
            problems.append("no PDF/A-2b claim in the XMP metadata")
        intents = pdf.Root.get("/OutputIntents")
        if not intents or not any(i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents):
            problems.append("no PDF/A output intent with an ICC profile")
        names = pdf.Root.get("/Names")
        if names is not None and ("/JavaScript" in names or "/EmbeddedFiles" in names):
            problems.append("JavaScript or embedded files")
        for n, page in enumerate(pdf.pages, 1):
            fonts = page.obj.get("/Resources", {}).get("/Font", {})
            for name, f in dict(fonts).items():
                desc = f.get("/FontDescriptor") or (f.get("/DescendantFonts") or [{}])[0].get("/FontDescriptor")
                if desc is None or not any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                    problems.append(f"font {name} on page {n} is not embedded")
    return problems


# --- PAdES ------------------------------------------------------------------------------------


#: What a stamp can show: Latin with every Vietnamese letter, combining marks, punctuation.
STAMP_UNICODES = [*range(0x20, 0x250), *range(0x300, 0x370), *range(0x1E00, 0x1F00), *range(0x2000, 0x2070),
                  0x20AB]


@lru_cache(maxsize=1)
def _stamp_font() -> Path:
    """The stamp's font, cut down once per process to the Vietnamese repertoire: pyHanko parses the
    font for every stamp, and the full family takes ~150 ms a time."""
    import tempfile

    from fontTools import subset
    from fontTools.ttLib import TTFont

    src = None
    try:
        import fontpkg_be_vietnam_pro
        hits = sorted(Path(fontpkg_be_vietnam_pro.__file__).parent.rglob("BeVietnamPro-Regular.ttf"))
        src = hits[0] if hits else None
    except ImportError:
        pass
    if src is None:
        raise StationError("no font with Vietnamese letters for the signature stamp",
                           hint="run installer/install.sh (it installs fontpkg-be-vietnam-pro)")
    font = TTFont(src)
    sub = subset.Subsetter(subset.Options())
    sub.populate(unicodes=STAMP_UNICODES)
    sub.subset(font)
    folder = tempfile.mkdtemp(prefix="ss-font-")
    atexit.register(shutil.rmtree, folder, True)  # pyHanko wants a path; remove it with the process
    out = Path(folder) / "stamp.ttf"
    font.save(out)
    return out


def sign_pdf(src: Path, dest: Path, pyhanko_signer, office: str, reason: str = "") -> Path:
    """PAdES-sign ``src`` into ``dest`` (incremental update, pages untouched) with a visible stamp
    at the top right of page 1 naming the digitising office."""
    import pikepdf
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.stamp import TextStampStyle

    with pikepdf.open(src) as p:
        x0, y0, x1, y1 = (float(v) for v in p.pages[0].mediabox)
    w, h = x1 - x0, y1 - y0
    box = (int(w - 250), int(h - 78), int(w - 14), int(h - 14))
    style = TextStampStyle(
        stamp_text="Số hoá bởi: %(office)s\nKý số bởi: %(signer)s\nThời điểm: %(ts)s",
        text_box_style=TextBoxStyle(font=GlyphAccumulatorFactory(str(_stamp_font())), font_size=9),
        border_width=1, background=None)
    meta = signers.PdfSignatureMetadata(
        field_name="ScannerStation", md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason or "Số hoá sổ hộ tịch / hồ sơ — bản sao điện tử", location=nfc(office))
    pdf_signer = signers.PdfSigner(meta, signer=pyhanko_signer, stamp_style=style,
                                   new_field_spec=fields.SigFieldSpec("ScannerStation", on_page=0, box=box))
    cert = pyhanko_signer.signing_cert
    signer_name = cert.subject.native.get("common_name", "") if cert is not None else ""
    tmp = dest.with_name(dest.name + ".part")
    with open(src, "rb") as inf, open(tmp, "wb") as outf:
        writer = IncrementalPdfFileWriter(inf, strict=False)
        asyncio.run(pdf_signer.async_sign_pdf(
            writer, output=outf, appearance_text_params={"office": nfc(office), "signer": signer_name[:60]}))
    tmp.replace(dest)
    return dest


def check_signed_pdf(path: Path, trust_roots: list) -> tuple[bool, str]:
    """(ok, why) for a signed PDF: one intact, valid signature from a trusted signer covering the
    whole file, and the PDF/A claim."""
    from asn1crypto import x509 as ax509
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    problems = pdfa_problems(path)
    if problems:
        return False, "PDF/A-2b: " + "; ".join(problems)
    roots = [ax509.Certificate.load(c.public_bytes(Encoding.DER)) for c in trust_roots]
    with open(path, "rb") as f:
        try:
            reader = PdfFileReader(f, strict=False)
            sigs = reader.embedded_signatures
        except Exception:
            return False, "the PDF structure cannot be read"
        if not sigs:
            return False, "the PDF is not signed"
        vc = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
        status = asyncio.run(async_validate_pdf_signature(sigs[-1], vc))
        if not status.intact or not status.valid:
            return False, "the PDF signature does not match its content (altered after signing)"
        if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
            return False, "the PDF was changed after it was signed"
        if not status.trusted:
            return False, "the PDF signer does not chain to the trust store, or is expired"
    return True, ""
