"""The desktop app's one message catalogue: Vietnamese by default, English selectable.

Every string a widget shows comes from here through ``tr(key)``; nothing is hard-coded in
the widgets. ``tr`` falls back to the Vietnamese text, then to the key itself.
"""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # key: (Vietnamese, English)
    "app.title": ("Trạm số hoá hồ sơ", "Scanner Station"),
    "login.title": ("Đăng nhập", "Log in"),
    "login.user": ("Tên đăng nhập", "User name"),
    "login.password": ("Mật khẩu", "Password"),
    "login.password2": ("Nhập lại mật khẩu", "Repeat the password"),
    "login.password_rule": ("Mật khẩu ít nhất 8 ký tự, nhập lại giống nhau; cần tên đăng nhập.",
                            "A password of at least 8 characters, typed twice the same; a user name."),
    "login.ok": ("Đăng nhập", "Log in"),
    "login.first": ("Lần chạy đầu: tạo tài khoản quản trị", "First run: create the administrator account"),
    "login.display": ("Họ tên", "Full name"),
    "login.create": ("Tạo tài khoản", "Create account"),
    "login.locked": ("Phiên làm việc đã khoá sau thời gian không thao tác. Đăng nhập lại.",
                     "The session was locked after idle time. Log in again."),
    "menu.file": ("&Tệp", "&File"),
    "menu.demo": ("Thêm lô mẫu", "Add demo batch"),
    "menu.lock": ("Khoá phiên", "Lock session"),
    "menu.quit": ("Thoát", "Quit"),
    "menu.language": ("&Ngôn ngữ", "&Language"),
    "menu.users": ("Thêm tài khoản…", "Add account…"),
    "menu.backup": ("Sao lưu dữ liệu…", "Back up…"),
    "menu.separator": ("In tờ phân cách tài liệu…", "Print a separator sheet…"),
    "menu.cover": ("In tờ bìa lô hồ sơ…", "Print a batch cover sheet…"),
    "menu.open_package": ("Mở gói công việc từ tỉnh…", "Open a work package from the province…"),
    "package.choose": ("Chọn gói công việc (.zip)", "Choose the work package (.zip)"),
    "package.trust": ("Chọn chứng thư tin cậy của tỉnh (PEM)", "Choose the province's trust certificate (PEM)"),
    "package.running": ("Đang kiểm tra chữ ký và mở gói…", "Checking the signature and opening the package…"),
    "package.done": ("Đã mở lô '{batch}': {files} tệp, {pages} trang, {records} hồ sơ cần kiểm tra.",
                     "Opened batch '{batch}': {files} files, {pages} pages, {records} records to check."),
    "package.kept": (" Giữ nguyên {files_kept} tệp cán bộ đã làm.", " Kept {files_kept} files the clerks worked on."),
    "package.failed": ("Không mở được gói: {why}", "The package was not opened: {why}"),
    "sheet.saved": ("Đã lưu {path}: hãy in ra và đặt vào xấp giấy khi quét.",
                    "Saved {path}: print it and put it into the stack when scanning."),
    "cover.title": ("Tờ bìa lô hồ sơ", "Batch cover sheet"),
    "cover.batch": ("Tên lô", "Batch name"),
    "cover.office": ("Cơ quan", "Office"),
    "cover.office_code": ("Mã cơ quan", "Office code"),
    "cover.family": ("Lĩnh vực", "Record family"),
    "cover.book_type": ("Loại sổ", "Book type"),
    "cover.volume": ("Quyển số", "Volume"),
    "cover.year": ("Năm", "Year"),
    "cover.missing": ("Cần nhập: {what}", "Please fill in: {what}"),
    "disk.full": ("⚠ Ổ đĩa đầy: việc xử lý tạm dừng, không mất dữ liệu. Hãy giải phóng dung lượng.",
                  "⚠ The disk is full: processing waits, nothing is lost. Free some space."),
    "disk.ok": ("Đã có lại dung lượng: tiếp tục xử lý.", "Disk space is back: processing goes on."),
    "backup.choose": ("Chọn thư mục sao lưu (ổ đĩa khác)", "Choose the backup folder (another disk)"),
    "backup.running": ("Đang sao lưu…", "Backing up…"),
    "backup.done": ("Đã sao lưu {files} tệp ({copied} tệp mới) vào {dest}.",
                    "Backed up {files} files ({copied} new) to {dest}."),
    "backup.failed": ("Sao lưu không thành công: {why}", "Backup failed: {why}"),
    "backup.never": ("⚠ Chưa sao lưu lần nào — Tệp → Sao lưu dữ liệu…",
                     "⚠ Never backed up — File → Back up…"),
    "backup.old": ("⚠ Lần sao lưu gần nhất cách đây {days} ngày — Tệp → Sao lưu dữ liệu…",
                   "⚠ Last backup {days} days ago — File → Back up…"),
    "tab.batches": ("Lô và hồ sơ", "Batches and documents"),
    "tab.correct": ("Sửa hồ sơ", "Correction"),
    "tab.verify": ("Duyệt", "Verification"),
    "tab.search": ("Tìm kiếm", "Search"),
    "batches.batch": ("Lô / sổ", "Batch / book"),
    "batches.office": ("Cơ quan", "Office"),
    "batches.book": ("Loại sổ", "Book type"),
    "batches.volume": ("Quyển", "Volume"),
    "batches.year": ("Năm", "Year"),
    "batches.progress": ("Tiến độ", "Progress"),
    "batches.errors": ("Tệp lỗi / cách ly", "Failed / quarantined files"),
    "batches.cancel": ("Dừng xử lý", "Stop processing"),
    "batches.resume": ("Tiếp tục xử lý", "Resume processing"),
    "col.id": ("Số", "No."),
    "col.file": ("Tệp", "File"),
    "col.form": ("Mẫu", "Form"),
    "col.state": ("Trạng thái", "Status"),
    "col.open": ("Cần xem", "To check"),
    "col.by": ("Người xác nhận", "Confirmed by"),
    "col.name": ("Họ tên", "Name"),
    "col.pid": ("Số định danh", "ID number"),
    "col.birth": ("Ngày sinh", "Birth"),
    "col.reason": ("Lý do", "Reason"),
    "state.queued": ("Chờ xử lý", "Queued"),
    "state.ocr": ("Đang nhận dạng", "OCR"),
    "state.extracted": ("Cần sửa", "Needs correction"),
    "state.unclassified": ("Chưa nhận dạng mẫu", "Form not recognised"),
    "state.corrected": ("Đã sửa", "Corrected"),
    "state.verified": ("Đã duyệt", "Verified"),
    "state.rejected": ("Bị trả lại", "Rejected"),
    "state.exported": ("Đã xuất", "Exported"),
    "status.confirmed": ("đã xác nhận", "confirmed"),
    "status.proposed": ("máy đề xuất", "proposed"),
    "status.uncertain": ("chưa chắc", "uncertain"),
    "status.illegible": ("không đọc được", "illegible"),
    "correct.none": ("Chọn một hồ sơ trong danh sách (Enter) để sửa.", "Pick a document in the list (Enter) to correct it."),
    "correct.value": ("Giá trị (như trong sổ)", "Value (as written in the book)"),
    "correct.as_written": ("Giữ như trong sổ", "Keep as written"),
    "correct.note": ("Ghi chú", "Note"),
    "correct.confirm": ("Xác nhận trường (Enter)", "Confirm field (Enter)"),
    "correct.illegible": ("Không đọc được (Ctrl+I)", "Illegible (Ctrl+I)"),
    "correct.doc": ("Xác nhận hồ sơ (Ctrl+Enter)", "Confirm document (Ctrl+Enter)"),
    "correct.undo": ("Hoàn tác", "Undo"),
    "correct.redo": ("Làm lại", "Redo"),
    "correct.fit": ("Vừa chiều ngang (W)", "Fit width (W)"),
    "correct.rotate": ("Xoay (R)", "Rotate (R)"),
    "correct.page": ("Trang {n}/{total}", "Page {n}/{total}"),
    "correct.left_out": ("⚠ {n} dòng mờ không đọc thành chữ", "⚠ {n} faint lines not read as text"),
    "correct.left_out_tip": (
        "Khung nét đứt: dòng chữ rất mờ mà máy không đọc thành chữ (thường là chữ mặt sau thấm qua"
        " giấy). Nếu đó là chữ của trang này (ví dụ ghi chú bút chì), hãy nhập vào trường tương ứng.",
        "Dashed boxes: very faint lines the machine did not read as text (usually the other side of"
        " the leaf showing through). If one is this page's own writing (a pencilled note), type it"
        " into its field."),
    "correct.no_page": ("Không tìm thấy ảnh trang: {name}. Các trường vẫn sửa được.",
                        "Page image not found: {name}. The fields can still be corrected."),
    "correct.no_crop": ("(không có ảnh cắt)", "(no crop)"),
    "correct.invalid": ("Giá trị không hợp lệ: {msg} — đánh dấu \"Giữ như trong sổ\" nếu sổ ghi đúng như vậy.",
                        "Invalid value: {msg} — tick \"Keep as written\" if the book says exactly this."),
    "correct.conflict": ("Hồ sơ vừa được người khác sửa; đã tải lại. Hãy kiểm tra rồi sửa lại.",
                         "Someone else changed this record; it was reloaded. Check it and change again."),
    "correct.saved": ("Đã lưu.", "Saved."),
    "correct.doc_done": ("Đã xác nhận hồ sơ.", "Document confirmed."),
    "correct.second": ("Lần đọc thứ hai: {v}", "Second reading: {v}"),
    "correct.audit": ("Nhật ký thay đổi", "Change log"),
    "correct.unclassified": ("chưa phân loại", "unclassified"),
    "correct.teach": ("Dạy mẫu mới…", "Teach a new form…"),
    "teach.title": ("Dạy mẫu giấy tờ mới từ trang này", "Teach a new form from this page"),
    "teach.family": ("Nhóm hồ sơ", "Family"),
    "teach.name": ("Tên mẫu", "Form name"),
    "teach.name_hint": ("vd. Giấy xác nhận tình trạng hôn nhân", "e.g. Giấy xác nhận tình trạng hôn nhân"),
    "teach.cues": ("Tiêu đề nhận dạng mẫu (dòng chữ in hoa; đánh dấu, sửa được)",
                   "Title cues (lines in capitals; tick, editable)"),
    "teach.key": ("Trường", "Field"),
    "teach.type": ("Kiểu", "Type"),
    "teach.by_label": ("Bấm vào nhãn", "Click the label"),
    "teach.by_box": ("Kéo khung quanh giá trị", "Drag a box around the value"),
    "teach.pick": ("Chọn trường, rồi bấm vào nhãn trên trang hoặc kéo khung quanh giá trị.",
                   "Choose a field, then click its label on the page or drag a box around its value."),
    "teach.add": ("Thêm trường", "Add field"),
    "teach.remove": ("Bỏ trường đã chọn", "Remove the selected field"),
    "teach.fields": ("Các trường đã dạy", "Fields taught"),
    "teach.save": ("Lưu mẫu và đọc lại lô", "Save and re-read the batch"),
    "teach.nothing_here": ("Không có chữ ở chỗ vừa bấm.", "No text where you clicked."),
    "teach.label_picked": ("Nhãn: «{label}»", "Label: «{label}»"),
    "teach.box_picked": ("Khung: {box}", "Box: {box}"),
    "teach.need_key": ("Chọn hoặc gõ tên trường (chữ thường, không dấu, nối bằng _).",
                       "Choose or type a field key (lower case, no accents, joined by _)."),
    "teach.need_pick": ("Bấm vào nhãn hoặc kéo khung trên trang trước.", "Click a label or drag a box on the page first."),
    "teach.added": ("Đã thêm {field} ({n} trường).", "Added {field} ({n} fields)."),
    "teach.how_label": ("nhãn «{label}»", "label «{label}»"),
    "teach.how_box": ("khung", "box"),
    "teach.need_name": ("Nhập tên mẫu.", "Enter the form's name."),
    "teach.need_cue": ("Đánh dấu ít nhất một tiêu đề.", "Tick at least one title cue."),
    "teach.need_field": ("Dạy ít nhất một trường.", "Teach at least one field."),
    "teach.saving": ("Đang lưu mẫu…", "Saving the template…"),
    "teach.rereading": ("Đang đọc lại các trang của lô: {done}/{total}",
                        "Reading the batch's pages again: {done}/{total}"),
    "teach.done": ("Đã lưu mẫu {id} (phiên bản {v}). {n} hồ sơ của lô nay được đọc theo mẫu này; "
                   "hồ sơ chưa phân loại: trước {before}, nay {after}.",
                   "Saved {id} (version {v}). {n} of the batch's documents are now read with it; "
                   "unclassified: {before} before, {after} now."),
    "teach.error": ("Không lưu được: {msg}", "Not saved: {msg}"),
    "teach.no_layout": ("Trang này chưa được nhận dạng chữ (OCR); chưa dạy được.",
                        "This page has no OCR reading yet; it cannot be taught from."),
    "dialog.close": ("Đóng", "Close"),
    "correct.comment": ("Ý kiến người duyệt: {c}", "Supervisor's comment: {c}"),
    "double.button": ("Nhập lại mù (Ctrl+K)", "Blind re-key (Ctrl+K)"),
    "double.title": ("Nhập lại mù: gõ lại theo ảnh trang, không xem giá trị đã nhập",
                     "Blind re-key: type from the page image, without seeing the keyed values"),
    "double.match": ("Nhập lại khớp.", "Re-keyed values match."),
    "double.mismatch": ("Nhập lại lệch ở: {keys} — chuyển người duyệt.", "Re-keying differs in: {keys} — sent to the supervisor."),
    "verify.approve": ("Duyệt (Ctrl+D)", "Approve (Ctrl+D)"),
    "verify.reject": ("Trả lại…", "Reject…"),
    "verify.reason": ("Lý do trả lại cho người nhập", "Reason for the clerk"),
    "verify.done": ("Đã duyệt.", "Approved."),
    "verify.rejected": ("Đã trả lại.", "Rejected."),
    "verify.queue": ("Hồ sơ chờ duyệt", "Documents awaiting verification"),
    "verify.sample": ("Tỉ lệ lấy mẫu của lô (%)", "Batch sampling rate (%)"),
    "search.hint": ("Tên (gõ có dấu hoặc không) hoặc số định danh", "Name (with or without diacritics) or ID number"),
    "processing.idle": ("Sẵn sàng", "Ready"),
    "processing.busy": ("Đang xử lý: {pages} trang xong, {queued} trang chờ", "Processing: {pages} pages done, {queued} queued"),
    "processing.attached": ("Một chương trình khác đang xử lý thư mục này; chỉ hiển thị.",
                            "Another program processes this workspace; showing its progress."),
    "processing.off": ("Xử lý nền đang tắt (--no-processing).", "Background processing is off (--no-processing)."),
    "processing.stopped": ("Đã dừng xử lý.", "Processing stopped."),
    "error.title": ("Lỗi", "Error"),
    "demo.added": ("Đã thêm lô mẫu ({n} trang); đang xử lý.", "Demo batch added ({n} pages); processing."),
    "tab.scan": ("Quét", "Scan"),
    "scan.family": ("Loại hồ sơ", "Record family"),
    "family.civil_status": ("Hộ tịch", "Civil status"),
    "family.land": ("Đất đai (GCN)", "Land (certificates)"),
    "family.procedure_result": ("Kết quả thủ tục hành chính", "Administrative procedure results"),
    "scan.device": ("Máy quét", "Scanner"),
    "scan.profile": ("Cấu hình quét", "Scan profile"),
    "scan.pages": ("Trang dự kiến", "Pages expected"),
    "scan.start": ("Bắt đầu phiên quét sổ", "Start book session"),
    "scan.scan": ("Quét", "Scan"),
    "scan.cancel": ("Huỷ", "Cancel"),
    "scan.page": ("Trang", "Page"),
    "scan.rescan": ("Quét lại", "Rescan"),
    "scan.insert": ("Chèn trang bị sót", "Insert missed page"),
    "scan.missing": ("Sổ thiếu trang", "Missing in book"),
    "scan.no_preview": ("(chưa có trang)", "(no page yet)"),
    "scan.no_device": ("Không tìm thấy máy quét.", "No scanner found."),
    "scan.need_book": ("Nhập cơ quan và loại sổ trước.", "Enter the office and the book type first."),
    "scan.count": ("Đã quét {scanned}/{expected} trang; thiếu trong sổ: {missing}; quét lại: {superseded}; "
                   "trang tiếp: {next}",
                   "Scanned {scanned}/{expected} pages; missing in book: {missing}; rescanned: {superseded}; "
                   "next page: {next}"),
    "scan.gaps": ("Chưa quét", "Not yet scanned"),
    "user.role": ("Vai trò", "Role"),
    "role.clerk": ("Cán bộ nhập liệu", "Clerk"),
    "role.supervisor": ("Người duyệt", "Supervisor"),
    "role.admin": ("Quản trị", "Administrator"),
}

#: validator and reader messages (stored in English with the field, as exported) → Vietnamese
FIELD_MESSAGES: dict[str, str] = {
    "the commune or district is not a unit of that province (before or since 1/7/2025)":
        "xã hoặc huyện không thuộc tỉnh đó (trước hoặc sau 1/7/2025)",
    "not one of the 54 ethnic groups as spelled": "không thuộc 54 dân tộc theo cách viết đã biết",
    "a word of the name is not a Vietnamese syllable:": "có chữ trong họ tên không phải âm tiết tiếng Việt:",
    "the Vietnamese word list is unavailable, the name was not checked (run: scanner-station models check)":
        "không có danh sách từ tiếng Việt, chưa kiểm tra họ tên (chạy: scanner-station models check)",
    "not a land-use term such as 'Lâu dài' or 'đến ngày 15/10/2063'":
        "không phải thời hạn sử dụng như 'Lâu dài' hoặc 'đến ngày 15/10/2063'",
    "the term's date is no date a land-use term ends on":
        "ngày của thời hạn không phải là ngày một thời hạn sử dụng đất có thể kết thúc",
    "a CMND number has 9 digits": "số CMND có 9 chữ số",
    "not a book volume such as '01/2015'": "không phải số quyển như '01/2015'",
    "read by the second recogniser: the page reading names no known administrative unit":
        "theo bộ nhận dạng thứ hai: cách đọc trên trang không khớp đơn vị hành chính nào",
    "the series was not read a second time": "ký hiệu sổ chưa được đọc lần thứ hai",
    "read again among the administrative units' names: the page reading names none":
        "đọc lại theo tên các đơn vị hành chính: cách đọc trên trang không khớp đơn vị nào",
    "a unit's name is spelled as no unit's is (a tone or vowel mark misread?)":
        "tên đơn vị hành chính không khớp cách viết của đơn vị nào (đọc sai dấu?)",
    "an area is written to one decimal place (TT 23/2014/TT-BTNMT): read without one — a decimal mark lost?":
        "diện tích được ghi đến một chữ số thập phân (TT 23/2014/TT-BTNMT): đọc được không có — mất dấu thập phân?",
    "read again with the decimal mark an area is written with: the page reading has none":
        "đọc lại với dấu thập phân của diện tích: cách đọc trên trang không có",
    "the digits with a decimal mark before their last digit, as the value written in words gives them: the mark lost?":
        "các chữ số với dấu thập phân trước chữ số cuối, như giá trị ghi bằng chữ: mất dấu thập phân?",
    "the digits with a decimal mark before their last digit, as the second recogniser read them: the mark lost?":
        "các chữ số với dấu thập phân trước chữ số cuối, như bộ nhận dạng thứ hai đã đọc: mất dấu thập phân?",
    "read again one box at a time (the number is written one digit to a box): the page reading differs":
        "đọc lại từng ô một (số được viết mỗi ô một chữ số): cách đọc trên trang khác",
    "the place the document is dated at names this unit with other marks: one of the two lost or gained a mark":
        "địa danh ghi trước ngày tháng của văn bản gọi đơn vị này với dấu khác: một trong hai bị mất hoặc thừa dấu",
    "a dot under this value was taken off as the form's dotted line: a mark below a letter (ạ, ọ, ự) may be lost or read where there is none":
        "một dấu chấm dưới giá trị này đã được bỏ đi như dòng chấm của mẫu in: dấu nặng dưới chữ (ạ, ọ, ự) có thể bị mất hoặc đọc nhầm",
    "a word is shown as the word list or a unit's name has it; the ink alone reads:":
        "có chữ được hiển thị theo danh sách từ hoặc tên đơn vị hành chính; riêng nét chữ đọc là:",
    "read again as twelve digits: the page reading has another count of digits":
        "đọc lại thành mười hai chữ số: cách đọc trên trang có số chữ số khác",
    "read again as a date is written in digits (day/month/year): the page reading is no date":
        "đọc lại theo cách viết ngày bằng số (ngày/tháng/năm): cách đọc trên trang không phải là ngày",
    "the number's symbol is near a kind's and the issuer's (ND 30/2020/NĐ-CP) but not theirs: misread?":
        "ký hiệu của số văn bản gần với ký hiệu loại văn bản và cơ quan ban hành (NĐ 30/2020/NĐ-CP) nhưng không khớp: đọc sai?",
    "read again with a document kind's abbreviation and the issuer (ND 30/2020/NĐ-CP): the ink supports it nearly as well":
        "đọc lại với chữ viết tắt loại văn bản và cơ quan ban hành (NĐ 30/2020/NĐ-CP): nét chữ cũng gần khớp như vậy",
    "the valid value the page reading holds, a letter or mark read before it left out":
        "giá trị hợp lệ trong cách đọc trên trang, bỏ chữ cái hoặc dấu đọc được trước nó",
    "read again with the symbol the form's numbers have: the ink supports it nearly as well":
        "đọc lại với ký hiệu mà số của mẫu này mang: nét chữ cũng gần như khớp",
    "read again with a digit among the document kind's letters as the letter it looks like: the ink supports it nearly as well":
        "đọc lại chữ số nằm giữa các chữ cái của ký hiệu loại văn bản thành chữ cái giống nó: nét chữ cũng gần khớp như vậy",
    "read with full stops between the office code's groups: the form's dotted line under the value was taken off, and its dots with it":
        "đọc với dấu chấm giữa các nhóm của mã cơ quan: dòng chấm của mẫu dưới giá trị đã được xóa, cùng với các dấu chấm của mã",
    "a word is shown with the dot below that the form's dotted line took off, where the word list pairs it with the word beside it":
        "một từ được hiển thị có dấu nặng mà dòng chấm của mẫu đã xóa mất, vì danh sách từ ghép nó với từ bên cạnh",
    "shown with a capital opening each syllable of a unit's name (ND 30/2020/NĐ-CP): the page reading has a small letter there — the hand's capital read small?":
        "hiển thị với chữ hoa đầu mỗi âm tiết của tên đơn vị hành chính (NĐ 30/2020/NĐ-CP): bản đọc trang có chữ thường ở đó — chữ hoa viết tay bị đọc thành chữ thường?",
    "shown with a capital opening each syllable of the name (ND 30/2020/NĐ-CP): the page reading has a small letter there — the hand's capital read small?":
        "hiển thị với chữ hoa đầu mỗi âm tiết của họ tên (NĐ 30/2020/NĐ-CP): bản đọc trang có chữ thường ở đó — chữ hoa viết tay bị đọc thành chữ thường?",
    "shown in capitals, as an issuing body's name is written (ND 30/2020/NĐ-CP, Phụ lục I): the page reading has small letters — the hand's capitals read small?":
        "hiển thị bằng chữ in hoa như tên cơ quan ban hành được viết (NĐ 30/2020/NĐ-CP, Phụ lục I): bản đọc trang có chữ thường — chữ hoa viết tay bị đọc thành chữ thường?",
    "shown with its capital, as the list spells it: the page reading opens with a small letter":
        "hiển thị với chữ hoa như danh mục viết: bản đọc trang bắt đầu bằng chữ thường",
    "read again with the slash between the volume's number and its year: the page reading has none (a hand's thin slash)":
        "đọc lại với dấu gạch chéo giữa số quyển và năm: bản đọc trang không có (nét gạch chéo viết tay mảnh)",
    "a digit of it the ink hardly tells from another: both recognisers may have misread it alike":
        "có một chữ số mà nét chữ khó phân biệt với chữ số khác: cả hai bộ nhận dạng có thể cùng đọc nhầm",
    "read again with one digit otherwise: the field's ink supports that better than the page reading, which both recognisers read alike":
        "đọc lại với một chữ số khác: nét chữ của trường khớp với cách đọc đó hơn bản đọc trang, dù cả hai bộ nhận dạng đọc giống nhau",
    "writing beside the value was not read with it: a character may be lost":
        "có nét chữ bên cạnh giá trị không được đọc cùng: có thể thiếu một ký tự",
    "a letter among the code's digits shown as the digit it looks like (Q as 0, l as 1): misread?":
        "chữ cái nằm giữa các chữ số của mã được hiển thị thành chữ số giống nó (Q là 0, l là 1): đọc nhầm?",
    "an entry found by its name's label (its number's line was not read): which values are this entry's and which the entry above's is a question":
        "mục được nhận ra nhờ nhãn họ tên (không đọc được dòng số của mục): cần xem giá trị nào thuộc mục này, giá trị nào thuộc mục phía trên",
    "its label stands on the page more than once and the one read is below another person's name: it may be that person's":
        "nhãn của trường xuất hiện nhiều lần trên trang và giá trị đọc được nằm dưới tên của người khác: có thể là của người đó",
    "found by its likeness to the values the field is written with (its own form not read)":
        "tìm thấy nhờ giống các giá trị thường ghi của trường (không đọc được đúng dạng của nó)",
    "found by its likeness to its label and the values the field is written with (its label not read), and read again among those values":
        "tìm thấy nhờ giống nhãn và các giá trị thường ghi của trường (không đọc được nhãn), rồi đọc lại trong các giá trị đó",
    "found by a looser form of the date's phrase (its words or its year's last digit misread)":
        "tìm thấy theo dạng nới lỏng của cụm ngày tháng (chữ \u201ctháng\u201d, \u201cnăm\u201d hoặc chữ số cuối của năm bị đọc sai)",
    "read again with a lost 1 put back: the ink supports it nearly as well (a hand's 1 beside a slash or at a number's start is read as nothing)":
        "đọc lại với chữ số 1 bị mất được thêm vào: nét chữ cũng gần khớp như vậy (nét số 1 viết tay cạnh dấu gạch chéo hoặc ở đầu số có thể bị đọc thành không có gì)",
    "read again with a digit written twice: the ink supports it as well (two alike digits side by side can be read as one)":
        "đọc lại với một chữ số viết hai lần: nét chữ cũng khớp như vậy (hai chữ số giống nhau cạnh nhau có thể bị đọc thành một)",
    "read again with common syllables in place of one hardly any word uses":
        "đọc lại với âm tiết thông dụng thay cho âm tiết hầu như không từ nào dùng",
    "a middle or given word of the name is none of the words names are made of":
        "một chữ đệm hoặc tên không có trong các chữ thường dùng trong tên người",
    "read again with the words names are made of: one word read is none":
        "đọc lại với các chữ thường dùng trong tên người: một chữ đọc được không có trong tên nào",
    "read again word by word with the words names are made of: the ink supports that name better":
        "đọc lại từng chữ với các chữ thường dùng trong tên người: nét chữ khớp với tên này hơn",
    "the given name read again among those of the person's sex: the ink supports it nearly as well":
        "tên được đọc lại trong các tên theo giới tính của người này: nét chữ khớp gần như ngang bằng",
    "the office's name (Ủy ban nhân dân) is read with a letter or mark it does not have":
        "tên cơ quan (Ủy ban nhân dân) được đọc với chữ hoặc dấu không có",
    "the office's name (Ủy ban nhân dân) shown as it is spelled: the page reading has a letter or mark it does not have":
        "tên cơ quan (Ủy ban nhân dân) được hiển thị đúng chính tả: cách đọc trên trang có chữ hoặc dấu không có",
    "the unit word before a unit's name shown as it is spelled (thị xã, thành phố, thị trấn, huyện, quận, phường): the page reading has a letter or mark it does not have":
        "từ chỉ cấp hành chính trước tên đơn vị được hiển thị đúng chính tả (thị xã, thành phố, thị trấn, huyện, quận, phường): cách đọc trên trang có chữ hoặc dấu không có trong từ đó",
    "found by the likeness of the words before its first unit word to its label (its label not read as printed): whether this line is the field's is a question":
        "tìm thấy nhờ các chữ trước từ chỉ đơn vị đầu tiên giống nhãn của trường (nhãn không đọc được như bản in): dòng này có phải của trường này không cần được xác nhận",
    "shown without the letter read before the place's first unit word (a leader's dot or the label's last letter read as one): no place opens with it":
        "hiển thị bỏ chữ cái đọc được trước từ chỉ đơn vị đầu tiên của địa danh (dấu chấm của dòng kẻ hoặc chữ cuối của nhãn bị đọc thành chữ): không địa danh nào bắt đầu bằng chữ đó",
    "the unit word before the province's name shown as it is spelled (tỉnh): the page reading has a letter or mark it does not have":
        "chữ trước tên tỉnh được hiển thị đúng chính tả (tỉnh): cách đọc trên trang có chữ hoặc dấu không có",
    "read from writing in its cell where the page reading found none":
        "đọc từ nét chữ trong ô, nơi cách đọc trên trang không thấy chữ nào",
    "a word where a unit word belongs (tỉnh, huyện, xã …) looks like a misread one":
        "chữ ở chỗ của tên loại đơn vị (tỉnh, huyện, xã …) có vẻ bị đọc sai",
    "read by the second recogniser: the page reading is not a valid value of the field":
        "theo bộ nhận dạng thứ hai: cách đọc trên trang không phải giá trị hợp lệ của trường",
    "the volume's year is not plausible:": "năm của quyển sổ không hợp lý:",
    "out of sequence: the page's other entries are numbered from":
        "không liền số thứ tự: các mục khác trên trang được đánh số từ",
    "out of sequence with the other entries of the page": "không liền số thứ tự với các mục khác trên trang",
    "read again as the number the page's sequence gives: the ink supports it nearly as well":
        "đọc lại theo số thứ tự liền mạch của trang: nét chữ khớp gần như ngang bằng",
    "not a number like the page's other entries": "không phải số như số thứ tự các mục khác trên trang",
    "a name with digits": "họ tên có chữ số",
    "a second recogniser read this field differently": "bộ nhận dạng thứ hai đọc khác",
    "a single word: family or given name missing": "chỉ một từ: thiếu họ hoặc tên",
    "area must be positive": "diện tích phải lớn hơn 0",
    "century/year digits disagree with the birth year on the record":
        "chữ số thế kỷ/năm không khớp năm sinh trên hồ sơ",
    "date in the future": "ngày ở tương lai",
    "empty name": "họ tên trống",
    "implausible year": "năm không hợp lý",
    "month out of range": "tháng không hợp lệ",
    "names a district (huyện/quận/thị xã): district level abolished on 1/7/2025":
        "có cấp huyện (huyện/quận/thị xã): cấp huyện đã bỏ từ 1/7/2025",
    "no land-use purpose code (ONT, ODT, LUC, CLN…)": "không có mã mục đích sử dụng đất (ONT, ODT, LUC, CLN…)",
    "no province recognised": "không nhận ra tỉnh",
    "no such day in that month": "tháng đó không có ngày này",
    "not 12 digits": "không đủ 12 chữ số",
    "not a certificate serial such as 'AA 01234567'": "không phải số phát hành dạng 'AA 01234567'",
    "not a date in a known form": "không phải ngày tháng theo dạng đã biết",
    "not a document number such as '123/QĐ-UBND'": "không phải số văn bản dạng '123/QĐ-UBND'",
    "not a registry number such as 'CH 00123'": "không phải số vào sổ dạng 'CH 00123'",
    "not an area such as '125,5 m²'": "không phải diện tích dạng '125,5 m²'",
    "not found on the page": "không tìm thấy trên trang",
    "read again digits-only (the page reading did not validate)": "đã đọc lại chỉ chữ số (lần đọc đầu không hợp lệ)",
    "sex digit disagrees with the sex on the record": "chữ số giới tính không khớp giới tính trên hồ sơ",
    "sex is 'Nam' or 'Nữ'": "giới tính là 'Nam' hoặc 'Nữ'",
    "unit read unclearly (expected m²)": "đơn vị đọc không rõ (cần m²)",
    "the value seems cut off at the end of a line": "giá trị có vẻ bị cắt ở cuối dòng",
    "not an area in words": "không phải diện tích ghi bằng chữ",
    "the place does not end in a known province or city":
        "địa danh không kết thúc bằng tỉnh/thành phố đã biết",
    "the value written in words could not be read": "không đọc được giá trị ghi bằng chữ",
    "read again with digits for the letters among them: the ink supports it nearly as well":
        "đọc lại với chữ số thay cho chữ cái lẫn trong số: nét chữ cũng gần như khớp",
    "written in words as": "ghi bằng chữ là",
    "the digits could not be read; the value written in words is":
        "không đọc được phần ghi bằng số; giá trị ghi bằng chữ là",
    "the digits give only part of the date; the value written in words is":
        "phần ghi bằng số chỉ cho một phần của ngày tháng; giá trị ghi bằng chữ là",
    "no series written": "không ghi ký hiệu sổ",
    "unknown land-use code": "mã mục đích sử dụng đất không có",
    "unknown province code": "mã tỉnh không có",
    "a digit among the letters of the book series": "có chữ số lẫn trong ký hiệu sổ (có thể đọc nhầm)",
    "a letter among the digits of the number": "có chữ cái lẫn trong số (có thể đọc nhầm)",
    "read again with the family names: the first word read is none":
        "đọc lại theo danh sách họ: chữ đầu đọc được không phải họ nào",
    "a word of the name is not a Vietnamese syllable": "có chữ trong họ tên không phải âm tiết tiếng Việt",
    "read again among the field's values: the page reading is none of them":
        "đọc lại theo danh mục giá trị của trường: cách đọc trên trang không thuộc danh mục",
    "read again with a zero before its number, as pages write it: the ink supports that better":
        "đọc lại với chữ số 0 trước số, như cách ghi trên giấy tờ: nét chữ phù hợp với cách đó hơn",
    "read again as the value written in words is written in digits":
        "đọc lại chữ số theo giá trị ghi bằng chữ",
    "read again from the field's own line: the page reading is not a valid value of the field":
        "đọc lại riêng dòng của trường: cách đọc trên trang không phải giá trị hợp lệ",
    "read again from the field's own line: the page reading lost a digit of it (a hand's 1 beside a label or a slash)":
        "đọc lại riêng dòng của trường: cách đọc trên trang bị mất một chữ số (nét số 1 viết tay cạnh nhãn hoặc dấu gạch chéo)",
    "read again from the name's own line: that reading fits a name better or is surer":
        "đọc lại riêng dòng của họ tên: cách đọc đó hợp với họ tên hơn hoặc chắc hơn",
    "read again among the book series codes (TLKS, TLKH-BS …): the series read is none of them":
        "đọc lại theo các ký hiệu sổ (TLKS, TLKH-BS …): ký hiệu đọc được không thuộc danh mục",
    "read again with a plausible year: one digit of the year read otherwise, or lost":
        "đọc lại với năm hợp lý: một chữ số của năm bị đọc nhầm hoặc bị mất",
    "not a time of day such as '9 giờ 05 phút'": "không phải giờ phút như '9 giờ 05 phút'",
    "the words 'giờ' and 'phút' are not read as written: check the digits too":
        "chữ 'giờ' và 'phút' đọc không đúng như viết: hãy kiểm tra cả chữ số",
    "not a dossier code such as '000.00.31.H26-230915-0001' (Thông tư 01/2018/TT-VPCP)":
        "không phải mã hồ sơ như '000.00.31.H26-230915-0001' (Thông tư 01/2018/TT-VPCP)",
    "the dossier code's day of receipt (YYMMDD) is not a date": "ngày tiếp nhận (YYMMDD) trong mã hồ sơ không phải ngày hợp lệ",
    "read again as a dossier code is written: digits and one letter in their places":
        "đọc lại theo cấu trúc mã hồ sơ: chữ số và một chữ cái đúng vị trí",
    "read again with the wordings registers use before a place (Trạm y tế, Bệnh viện, tại nhà …)":
        "đọc lại theo cách ghi thường dùng trước địa danh (Trạm y tế, Bệnh viện, tại nhà …)",
    "the book's year is not the year its entries were registered":
        "năm của quyển sổ khác năm đăng ký của các mục trong sổ",
    "read again as a book of the year its entries were registered: the ink supports it nearly as well":
        "đọc lại theo năm đăng ký của các mục (sổ hộ tịch mở theo năm): nét chữ cũng phù hợp",
    "read again with the century, sex and year digits the record's sex and birth year give: the ink supports it nearly as well":
        "đọc lại với các chữ số thế kỷ, giới tính và năm sinh theo giới tính và năm sinh ghi trong hồ sơ: nét chữ cũng phù hợp",
    "read again as a date of the book's year: the ink supports it nearly as well":
        "đọc lại theo năm của quyển sổ (sổ hộ tịch mở theo năm): nét chữ cũng phù hợp",
    "the registry number's letters are none of CH, CS, CT (TT 23/2014/TT-BTNMT)":
        "chữ của số vào sổ cấp GCN không phải CH, CS, CT (Thông tư 23/2014/TT-BTNMT)",
    "read again with the registry number's letters (CH, CS, CT): the ink supports it nearly as well":
        "đọc lại với chữ của số vào sổ (CH, CS, CT): nét chữ cũng phù hợp",
    "read again with the serial's two letters: the ink supports it nearly as well":
        "đọc lại số phát hành với hai chữ cái đứng trước: nét chữ cũng phù hợp",
    "an entry number read without its digits": "số thứ tự đọc ra không có chữ số",
    "read again with the place the document is dated at (NĐ 30/2020: the issuing unit's name): the ink supports it nearly as well":
        "đọc lại theo địa danh ghi trước ngày tháng của văn bản (NĐ 30/2020: tên đơn vị hành chính nơi cơ quan ban hành đóng trụ sở): nét chữ cũng phù hợp",
    "words the reading ran together are shown apart": "các chữ bị đọc dính liền đã được tách ra (hãy đối chiếu với sổ)",
}

_lang = "vi"

#: Qt's own texts (standard dialog buttons, the line edit's context menu), which Qt would show in
#: English: PySide6-Essentials ships no Vietnamese catalogue for them
QT_TEXTS = {
    "OK": "Đồng ý", "&OK": "&Đồng ý", "Cancel": "Huỷ", "&Cancel": "&Huỷ", "Close": "Đóng",
    "&Close": "Đó&ng", "Yes": "Có", "&Yes": "&Có", "No": "Không", "&No": "&Không", "Save": "Lưu",
    "&Save": "&Lưu", "Apply": "Áp dụng", "Reset": "Đặt lại", "Help": "Trợ giúp", "Discard": "Bỏ",
    "Abort": "Dừng", "Retry": "Thử lại", "Ignore": "Bỏ qua", "Open": "Mở", "&Undo": "&Hoàn tác",
    "&Redo": "&Làm lại", "Cu&t": "&Cắt", "&Copy": "&Sao chép", "&Paste": "&Dán", "Delete": "Xoá",
    "Select All": "Chọn tất cả",
}


def _qt_translator():
    from PySide6.QtCore import QTranslator

    class QtTexts(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002 (Qt)
            return (QT_TEXTS.get(source) if _lang == "vi" else None) or source

        def isEmpty(self) -> bool:  # noqa: N802 (Qt)
            return False
    return QtTexts()


_translator = None


def set_language(lang: str) -> None:
    """Choose the interface language; Qt's own button texts follow (once a QApplication runs)."""
    global _lang, _translator
    _lang = "en" if lang == "en" else "vi"
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication.instance()
    if app is not None and _translator is None:
        _translator = _qt_translator()
        app.installTranslator(_translator)


def language() -> str:
    return _lang


def show_date(iso: str | None) -> str:
    """An ISO date (partial ones too) as Vietnamese users read it: 18/02/1994, 02/1994, 1994."""
    if not iso:
        return ""
    parts = iso.split("-")
    if not all(p.isdigit() for p in parts) or len(parts) > 3:
        return iso
    return "/".join(reversed(parts))


def field_label(key: str, labels: dict[str, str]) -> str:
    """A field's name as the form prints it (Vietnamese), or its key in words (English)."""
    if _lang == "en" or key not in labels:
        return key.replace("_", " ")
    return labels[key]


def tr(key: str, **kw) -> str:
    vi_en = MESSAGES.get(key)
    text = key if vi_en is None else (vi_en[1] if _lang == "en" else vi_en[0])
    return text.format(**kw) if kw else text


def tr_field_message(message: str) -> str:
    """A stored validator/reader message in the interface language (unknown ones as they are)."""
    if _lang == "en":
        return message
    if message in FIELD_MESSAGES:
        return FIELD_MESSAGES[message]
    for en, vi in FIELD_MESSAGES.items():
        if message.startswith(en + " "):
            return vi + message[len(en):]
    return message
