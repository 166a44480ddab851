//! Page strings in Thai and English. Thai is the default; the language switch sets a cookie.
//! A test checks that every key a template uses exists here.

use openita_types::Lang;
use std::{collections::HashMap, sync::LazyLock};

/// (key, Thai, English)
const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "app.name",
        "OpenITA ระบบการประเมินคุณธรรมและความโปร่งใส",
        "OpenITA Integrity and Transparency Assessment",
    ),
    ("app.short", "OpenITA", "OpenITA"),
    ("nav.dashboard", "หน้าหลัก", "Dashboard"),
    ("nav.agencies", "หน่วยงาน", "Agencies"),
    ("nav.users", "ผู้ใช้", "Users"),
    ("nav.cycles", "รอบการประเมิน", "Cycles"),
    ("nav.audit", "บันทึกการใช้งาน", "Audit log"),
    ("nav.account", "บัญชีของฉัน", "My account"),
    ("nav.logout", "ออกจากระบบ", "Sign out"),
    ("nav.skip", "ข้ามไปยังเนื้อหา", "Skip to content"),
    ("lang.switch", "English", "ภาษาไทย"),
    ("login.title", "ลงชื่อเข้าใช้", "Sign in"),
    ("login.username", "ชื่อผู้ใช้", "Username"),
    ("login.password", "รหัสผ่าน", "Password"),
    ("login.submit", "เข้าสู่ระบบ", "Sign in"),
    (
        "login.hint",
        "บัญชีผู้ใช้ออกโดยผู้ดูแลระบบ สำนักงาน ป.ป.ช. หรือผู้ประสานงานจังหวัด",
        "Accounts are issued by the NACC administrator or your province coordinator.",
    ),
    ("dash.title", "ภาพรวม", "Overview"),
    ("dash.agencies", "หน่วยงานที่ลงทะเบียน", "Registered agencies"),
    ("dash.users", "ผู้ใช้งาน", "Users"),
    ("dash.cycles", "รอบการประเมิน", "Assessment cycles"),
    (
        "dash.current_phases",
        "ช่วงเวลาที่เปิดอยู่ขณะนี้",
        "Phases open now",
    ),
    (
        "dash.no_phase_open",
        "ขณะนี้ไม่มีช่วงเวลาใดเปิดอยู่",
        "No phase is open right now",
    ),
    ("dash.signed_in_as", "ลงชื่อเข้าใช้เป็น", "Signed in as"),
    ("dash.your_agency", "หน่วยงานของท่าน", "Your agency"),
    ("dash.your_province", "จังหวัดที่รับผิดชอบ", "Your province"),
    ("agencies.title", "หน่วยงาน", "Agencies"),
    ("agencies.new", "เพิ่มหน่วยงาน", "Add an agency"),
    ("agencies.edit", "แก้ไขหน่วยงาน", "Edit agency"),
    ("agencies.import", "นำเข้าจากไฟล์", "Import from a file"),
    ("agencies.code", "รหัสหน่วยงาน", "Agency code"),
    ("agencies.name_th", "ชื่อหน่วยงาน (ไทย)", "Name (Thai)"),
    ("agencies.name_en", "ชื่อหน่วยงาน (อังกฤษ)", "Name (English)"),
    ("agencies.type", "ประเภท", "Type"),
    ("agencies.province", "จังหวัด", "Province"),
    ("agencies.district", "อำเภอ/เขต", "District"),
    ("agencies.website", "เว็บไซต์", "Website"),
    (
        "agencies.search",
        "ค้นหา (รหัสหรือชื่อ)",
        "Search (code or name)",
    ),
    ("agencies.any", "ทั้งหมด", "Any"),
    ("agencies.filter", "กรอง", "Filter"),
    ("agencies.count", "จำนวนหน่วยงาน", "Agencies found"),
    ("agencies.none", "ไม่พบหน่วยงานตามเงื่อนไข", "No agency matches"),
    (
        "agencies.created",
        "บันทึกหน่วยงานใหม่แล้ว",
        "The agency was added",
    ),
    (
        "agencies.updated",
        "บันทึกการแก้ไขแล้ว",
        "The changes were saved",
    ),
    ("agencies.users", "ผู้ใช้ของหน่วยงาน", "Users of this agency"),
    (
        "import.help",
        "อัปโหลดไฟล์ .xlsx หรือ .csv (UTF-8) ที่แถวแรกเป็นหัวคอลัมน์: code, name_th, name_en, type, province, district, website (หรือหัวคอลัมน์ภาษาไทย: รหัส, ชื่อหน่วยงาน, ประเภท, จังหวัด, อำเภอ, เว็บไซต์) แถวที่ถูกต้องจะถูกบันทึก แถวที่ผิดจะแจ้งพร้อมเลขแถว",
        "Upload an .xlsx or UTF-8 .csv file whose first row is the header: code, name_th, name_en, type, province, district, website (Thai headers work too). Good rows are saved; bad rows are listed with their row number.",
    ),
    ("import.file", "ไฟล์", "File"),
    ("import.submit", "นำเข้า", "Import"),
    ("import.result", "ผลการนำเข้า", "Import result"),
    ("import.created", "เพิ่มใหม่", "Created"),
    ("import.updated", "ปรับปรุง", "Updated"),
    ("import.unchanged", "ไม่เปลี่ยนแปลง", "Unchanged"),
    ("import.errors", "แถวที่มีปัญหา", "Rows with problems"),
    ("import.row", "แถว", "Row"),
    ("import.problem", "ปัญหา", "Problem"),
    (
        "import.working",
        "กำลังนำเข้า โปรดรอสักครู่…",
        "Importing, please wait…",
    ),
    ("users.title", "ผู้ใช้", "Users"),
    ("users.new", "เพิ่มผู้ใช้", "Add a user"),
    ("users.username", "ชื่อผู้ใช้", "Username"),
    ("users.role", "บทบาท", "Role"),
    ("users.agency", "หน่วยงาน (รหัส)", "Agency (code)"),
    ("users.province", "จังหวัด", "Province"),
    (
        "users.password",
        "รหัสผ่านเริ่มต้น (อย่างน้อย 10 ตัวอักษร)",
        "Initial password (at least 10 characters)",
    ),
    ("users.active", "ใช้งาน", "Active"),
    ("users.created", "เพิ่มผู้ใช้แล้ว", "The user was added"),
    (
        "users.agency_hint",
        "สำหรับผู้ดูแลระบบและผู้บริหารของหน่วยงาน",
        "For agency administrators and executives",
    ),
    (
        "users.province_hint",
        "สำหรับผู้ประสานงานจังหวัด",
        "For province coordinators",
    ),
    ("cycles.title", "รอบการประเมิน", "Assessment cycles"),
    ("cycles.new", "สร้างรอบการประเมิน", "Create a cycle"),
    ("cycles.year", "ปีงบประมาณ (พ.ศ.)", "Fiscal year (B.E.)"),
    ("cycles.framework", "เกณฑ์การประเมิน", "Framework"),
    (
        "cycles.fingerprint",
        "รหัสตรวจสอบเกณฑ์",
        "Framework fingerprint",
    ),
    ("cycles.status", "สถานะ", "Status"),
    ("cycles.open", "เปิดแล้ว", "Open"),
    ("cycles.setup", "กำลังตั้งค่า", "Being set up"),
    ("cycles.open_now", "เปิดรอบการประเมิน", "Open the cycle"),
    (
        "cycles.open_warning",
        "เมื่อเปิดรอบแล้ว จะเปลี่ยนเกณฑ์การประเมินไม่ได้",
        "Once the cycle is open its framework can no longer change",
    ),
    (
        "cycles.created",
        "สร้างรอบการประเมินแล้ว",
        "The cycle was created",
    ),
    ("cycles.calendar", "ปฏิทินการประเมิน", "Calendar"),
    ("cycles.phase", "ขั้นตอน", "Phase"),
    ("cycles.start", "เริ่ม", "Start"),
    ("cycles.end", "สิ้นสุด", "End"),
    ("cycles.not_set", "ยังไม่กำหนด", "Not set"),
    ("cycles.now_open", "เปิดอยู่ขณะนี้", "Open now"),
    ("cycles.save_calendar", "บันทึกปฏิทิน", "Save calendar"),
    (
        "cycles.calendar_saved",
        "บันทึกปฏิทินแล้ว",
        "The calendar was saved",
    ),
    (
        "cycles.calendar_help",
        "ระบุวันที่แบบ ค.ศ. หรือ พ.ศ. (เช่น 2568-06-16) วันเริ่มนับตั้งแต่ 00:00 น. วันสิ้นสุดถึง 23:59 น. เวลาประเทศไทย ช่วงเวลาซ้อนกันได้",
        "Dates in C.E. or B.E. (e.g. 2568-06-16); a start day begins at 00:00, an end day lasts until 23:59 Bangkok time; windows may overlap.",
    ),
    (
        "cycles.view_framework",
        "ดูเกณฑ์การประเมิน",
        "View the framework",
    ),
    (
        "cycles.replace_framework",
        "เปลี่ยนเกณฑ์การประเมิน",
        "Replace the framework",
    ),
    ("cycles.shipped", "เกณฑ์ที่มากับระบบ", "Shipped framework"),
    (
        "cycles.upload",
        "หรืออัปโหลดไฟล์เกณฑ์ (JSON รูปแบบเดียวกับ API)",
        "Or upload a framework file (JSON, the API's shape)",
    ),
    ("cycles.replace", "เปลี่ยนเกณฑ์", "Replace"),
    (
        "cycles.framework_replaced",
        "เปลี่ยนเกณฑ์การประเมินแล้ว",
        "The framework was replaced",
    ),
    ("cycles.opened", "เปิดรอบการประเมินแล้ว", "The cycle is open"),
    ("cycles.assign", "มอบหมายผู้ประเมิน", "Assign an assessor"),
    ("cycles.assessor", "ชื่อผู้ใช้ผู้ประเมิน", "Assessor's username"),
    (
        "cycles.agency_codes",
        "รหัสหน่วยงาน (คั่นด้วยจุลภาคหรือขึ้นบรรทัดใหม่)",
        "Agency codes (comma or line separated)",
    ),
    ("cycles.assigned", "มอบหมายแล้ว", "Assigned"),
    ("cycles.assigned_new", "หน่วยงานใหม่", "new agencies"),
    (
        "cycles.assigned_before",
        "หน่วยงานที่มอบหมายไว้แล้ว",
        "already assigned",
    ),
    (
        "cycles.assign_bulk",
        "หรือมอบหมายทั้งจังหวัดและ/หรือทั้งประเภทหน่วยงาน",
        "Or assign a whole province and/or agency type",
    ),
    ("cycles.any", "ทั้งหมด", "Any"),
    ("users.email", "อีเมล", "E-mail"),
    (
        "users.email_hint",
        "ใช้ส่งการแจ้งเตือน เช่น รออนุมัติ OIT ผลตรวจเบื้องต้น คำชี้แจง",
        "for notifications: OIT awaiting approval, provisional scores, objections",
    ),
    (
        "account.email_saved",
        "บันทึกอีเมลแล้ว",
        "E-mail address saved.",
    ),
    ("account.save_email", "บันทึกอีเมล", "Save e-mail"),
    ("cycles.none", "ยังไม่มีรอบการประเมิน", "No cycle yet"),
    ("fw.pass_mark", "เกณฑ์ผ่าน", "Pass mark"),
    ("fw.weights", "น้ำหนัก", "Weights"),
    ("fw.instrument", "เครื่องมือ", "Instrument"),
    ("fw.indicator", "ตัวชี้วัด", "Indicator"),
    ("fw.questions", "ข้อคำถาม", "Questions"),
    ("fw.items", "รายการข้อมูล OIT", "OIT items"),
    ("fw.scale", "มาตรวัด", "Scale"),
    ("fw.reverse", "คะแนนกลับ", "Reversed"),
    ("fw.optional", "ไม่บังคับตอบ", "Optional"),
    ("fw.year_rule", "ช่วงข้อมูล", "Year rule"),
    ("fw.levels", "ระดับผลการประเมิน", "Levels"),
    ("fw.min", "คะแนนขั้นต่ำ", "Minimum"),
    ("fw.sample", "กลุ่มตัวอย่างขั้นต่ำ", "Minimum sample"),
    (
        "fw.placeholder",
        "ค่าตัวอย่าง ยังไม่ใช่ค่าทางการของ สำนักงาน ป.ป.ช. ผู้ดูแลระบบแก้ไขได้",
        "Placeholder, not NACC's official figure; the administrator can change it",
    ),
    (
        "fw.download",
        "ดาวน์โหลดเกณฑ์ (JSON)",
        "Download the framework (JSON)",
    ),
    ("fw.elements", "สิ่งที่ผู้ประเมินตรวจ", "What the assessor checks"),
    (
        "audit.title",
        "บันทึกการเปลี่ยนแปลง (แก้ไขหรือลบไม่ได้)",
        "Audit log (append-only)",
    ),
    ("audit.at", "เวลา", "Time"),
    ("audit.actor", "ผู้ทำรายการ", "Actor"),
    ("audit.action", "การกระทำ", "Action"),
    ("audit.object", "รายการ", "Object"),
    ("audit.change", "ก่อน / หลัง", "Before / after"),
    ("audit.before", "ก่อน", "Before"),
    ("audit.after", "หลัง", "After"),
    ("audit.from", "ตั้งแต่วันที่", "From"),
    ("audit.until", "ถึงวันที่", "Until"),
    ("audit.none", "ไม่มีรายการ", "No entries"),
    ("account.title", "บัญชีของฉัน", "My account"),
    ("account.change_password", "เปลี่ยนรหัสผ่าน", "Change password"),
    ("account.current", "รหัสผ่านปัจจุบัน", "Current password"),
    (
        "account.new",
        "รหัสผ่านใหม่ (อย่างน้อย 10 ตัวอักษร)",
        "New password (at least 10 characters)",
    ),
    (
        "account.changed",
        "เปลี่ยนรหัสผ่านแล้ว และออกจากระบบในอุปกรณ์อื่นทั้งหมดแล้ว",
        "Password changed; every other device was signed out",
    ),
    ("jobs.title", "งานเบื้องหลัง", "Background job"),
    (
        "jobs.queued",
        "อยู่ในคิว รอเริ่มทำงาน",
        "Queued, waiting to start",
    ),
    ("jobs.running", "กำลังทำงาน", "Working"),
    (
        "jobs.refresh",
        "หน้านี้จะปรับปรุงเองทุก 2 วินาที",
        "This page refreshes itself every 2 seconds",
    ),
    ("jobs.failed", "งานไม่สำเร็จ", "The job failed"),
    ("jobs.done", "เสร็จแล้ว", "Done"),
    (
        "headcount.title",
        "จำนวนผู้มีส่วนได้ส่วนเสียภายใน",
        "Internal stakeholders (headcount)",
    ),
    (
        "headcount.help",
        "บุคลากรที่ปฏิบัติงานมาแล้วไม่น้อยกว่า 1 ปี นับถึงวันที่",
        "Staff with at least one year of service as of",
    ),
    ("headcount.staff", "จำนวน (คน)", "Number of staff"),
    ("headcount.approved_by", "อนุมัติแล้วโดย", "Approved by"),
    (
        "headcount.waiting",
        "รอผู้บริหารอนุมัติ",
        "Waiting for the executive's approval",
    ),
    ("headcount.none", "ยังไม่ได้ระบุ", "Not entered yet"),
    ("headcount.approve", "อนุมัติจำนวนนี้", "Approve this number"),
    (
        "headcount.saved",
        "บันทึกจำนวนแล้ว รอผู้บริหารอนุมัติ",
        "Saved; waiting for the executive's approval",
    ),
    (
        "headcount.approved",
        "อนุมัติจำนวนแล้ว",
        "The headcount is approved",
    ),
    ("survey.progress", "ความคืบหน้าการตอบแบบวัด", "Survey progress"),
    ("survey.responses", "ตอบแล้ว", "Responses"),
    ("survey.minimum", "ขั้นต่ำ", "Minimum"),
    (
        "survey.minimum_unknown",
        "ขั้นต่ำจะคำนวณเมื่อผู้บริหารอนุมัติจำนวนบุคลากร",
        "The minimum is computed once the headcount is approved",
    ),
    ("survey.days_left", "เหลือเวลา (วัน)", "Days left"),
    (
        "survey.links",
        "ลิงก์และ QR code แบบสอบถาม",
        "Survey links and QR codes",
    ),
    (
        "survey.links_help",
        "เผยแพร่ลิงก์หรือ QR code นี้หลายช่องทาง: บอร์ดประชาสัมพันธ์ เว็บไซต์ เพจ และกลุ่มไลน์",
        "Spread these links or QR codes on several channels: notice boards, the website, social media and chat groups",
    ),
    ("survey.poster", "โปสเตอร์ A4 (PDF)", "A4 poster (PDF)"),
    ("survey.qr_png", "QR code (PNG)", "QR code (PNG)"),
    (
        "survey.rotate",
        "ออกลิงก์ใหม่ (ลิงก์เดิมจะใช้ไม่ได้ คำตอบเดิมยังอยู่)",
        "Issue new links (the old ones stop working; answers stay)",
    ),
    (
        "links.rotated",
        "ออกลิงก์ใหม่แล้ว ลิงก์เดิมปิดแล้ว",
        "New links issued; the old ones are closed",
    ),
    ("oit.answered", "OIT ตอบแล้ว", "OIT answered"),
    (
        "progress.title",
        "ความคืบหน้ารายหน่วยงาน",
        "Progress by agency",
    ),
    (
        "progress.below",
        "หน่วยงานที่ยังไม่ถึงขั้นต่ำ",
        "Agencies below the minimum",
    ),
    (
        "progress.not_approved",
        "ยังไม่อนุมัติจำนวนบุคลากร",
        "Headcount not approved",
    ),
    ("progress.shortfall", "ขาดอีก", "Still needed"),
    ("progress.sort", "เรียงตาม", "Sort by"),
    (
        "progress.open",
        "ดูความคืบหน้าทั้งจังหวัด",
        "Progress of the whole province",
    ),
    (
        "cycles.agency_page",
        "หน้าหน่วยงานในรอบนี้",
        "This agency in the cycle",
    ),
    (
        "oit.submit",
        "ส่งให้ผู้บริหารอนุมัติ",
        "Send to the executive for approval",
    ),
    (
        "oit.approve",
        "อนุมัติคำตอบ OIT (ล็อกคำตอบ)",
        "Approve the OIT answers (locks them)",
    ),
    ("oit.return", "ส่งกลับให้แก้ไข", "Send back for changes"),
    (
        "oit.confirm_all",
        "ยืนยันคะแนนทุกข้อที่ยังไม่ยืนยัน",
        "Confirm every item not yet confirmed",
    ),
    ("oit.published", "เผยแพร่แล้ว", "Published"),
    ("oit.not_published", "ยังไม่เผยแพร่", "Not published"),
    (
        "oit.published_q",
        "เผยแพร่ข้อมูลนี้บนเว็บไซต์แล้วหรือไม่",
        "Is this published on the website?",
    ),
    ("oit.urls", "ลิงก์ (บรรทัดละ 1 ลิงก์)", "Links (one per line)"),
    ("oit.note", "คำอธิบายเพิ่มเติม", "Note"),
    ("oit.checker", "ผลการตรวจลิงก์อัตโนมัติ", "Automatic link check"),
    ("oit.provisional", "คะแนนเบื้องต้น", "Provisional score"),
    (
        "oit.clarification",
        "คำชี้แจงของหน่วยงาน",
        "Agency's clarification",
    ),
    ("oit.final", "คะแนนสุดท้าย", "Final score"),
    ("oit.reason", "เหตุผล", "Reason"),
    (
        "oit.clarify",
        "ชี้แจงเพิ่มเติม (อ้างถึงลิงก์ที่ส่งไว้แล้วเท่านั้น)",
        "Clarification (only the links already given)",
    ),
    ("oit.lock", "ยืนยันและล็อกคะแนน", "Confirm and lock"),
    ("oit.saved", "บันทึกแล้ว", "Saved"),
    (
        "oit.done_submitted",
        "ส่งคำตอบให้ผู้บริหารพิจารณาแล้ว",
        "Sent to the executive for approval.",
    ),
    (
        "oit.done_approved",
        "อนุมัติแล้ว คำตอบถูกล็อกและส่งให้ผู้ประเมิน",
        "Approved: the answers are locked and go to the assessors.",
    ),
    (
        "oit.done_returned",
        "ส่งกลับให้แก้ไขแล้ว",
        "Sent back for changes.",
    ),
    (
        "oit.done_objected",
        "บันทึกคำชี้แจงแล้ว ผู้ประเมินจะพิจารณา",
        "Objection saved; the assessor will answer it.",
    ),
    (
        "oit.done_locked",
        "บันทึกคะแนนสุดท้ายและล็อกข้อนี้แล้ว",
        "Final score saved; the item is locked.",
    ),
    (
        "oit.done_confirmed",
        "ยืนยันผลทุกข้อแล้ว OIT ของหน่วยงานนี้เป็นที่สุด",
        "Every item confirmed: this OIT is final.",
    ),
    ("oit.locked", "ล็อกแล้ว", "Locked"),
    (
        "oit.clarify_replace",
        "บันทึกอีกครั้งจะแทนที่คำชี้แจงเดิม",
        "saving again replaces the earlier text",
    ),
    (
        "oit.queue",
        "งานตรวจ OIT ที่ได้รับมอบหมาย",
        "My OIT review queue",
    ),
    ("oit.open", "แบบวัด OIT ของหน่วยงาน", "The agency's OIT"),
    ("jobs.download", "ดาวน์โหลดไฟล์", "Download the file"),
    (
        "export.title",
        "ส่งออกคำตอบดิบ (ไม่ระบุตัวตน)",
        "Export raw responses (anonymous)",
    ),
    (
        "results.title",
        "ผลการประเมิน ITA ปีงบประมาณ",
        "ITA results, fiscal year",
    ),
    (
        "results.unpublished",
        "ยังไม่ประกาศผล: เห็นได้เฉพาะผู้ดูแลระบบ สำนักงาน ป.ป.ช.",
        "Not published yet: only the NACC administrator sees this",
    ),
    ("results.total", "คะแนนรวม", "Total"),
    ("results.level", "ระดับ", "Level"),
    ("results.result", "ผลการประเมิน", "Result"),
    ("results.score", "คะแนน", "Score"),
    ("results.national", "เฉลี่ยประเทศ", "National mean"),
    ("results.provincial", "เฉลี่ยจังหวัด", "Provincial mean"),
    ("results.flags", "ข้อสังเกต", "Flags"),
    ("results.lost", "ข้อ OIT ที่ไม่ได้คะแนน", "OIT items lost"),
    ("results.path", "เส้นทางสู่ 85 คะแนน", "Path to 85"),
    ("results.pdf", "รายงาน PDF", "PDF report"),
    ("results.mean", "คะแนนเฉลี่ย", "Mean score"),
    ("results.passed", "ผ่านเกณฑ์ 85", "Passed (85+)"),
    ("results.download", "ดาวน์โหลดข้อมูลเปิด", "Open data"),
    ("results.pass", "ผ่าน", "Pass"),
    ("results.fail", "ไม่ผ่าน", "Not passed"),
    ("results.compute", "คำนวณผลการประเมิน", "Compute the results"),
    (
        "results.publish",
        "ประกาศผล (ล็อกผล)",
        "Publish (locks the results)",
    ),
    ("results.view", "ดูผลการประเมิน", "View the results"),
    ("results.history", "เปรียบเทียบกับปีก่อน", "Year on year"),
    (
        "results.levels",
        "จำนวนหน่วยงานในแต่ละระดับ",
        "Agencies at each level",
    ),
    ("results.by_province", "ผลรายจังหวัด", "By province"),
    ("results.by_district", "ผลรายอำเภอ", "By district"),
    ("results.by_type", "ผลตามประเภทหน่วยงาน", "By agency type"),
    ("results.pass_rate", "ร้อยละที่ผ่าน", "Pass rate"),
    (
        "results.indicator_means",
        "คะแนนเฉลี่ยรายตัวชี้วัด",
        "Mean score of each indicator",
    ),
    ("results.agencies", "หน่วยงาน", "Agencies"),
    ("results.ranking", "อันดับหน่วยงาน", "Agencies ranked"),
    (
        "results.computed",
        "คำนวณคะแนนแล้ว (หน่วยงาน)",
        "Agencies scored",
    ),
    (
        "oit.check_links",
        "ตรวจลิงก์หลักฐานอัตโนมัติ",
        "Check the evidence links",
    ),
    ("common.save", "บันทึก", "Save"),
    ("common.cancel", "ยกเลิก", "Cancel"),
    ("common.back", "กลับ", "Back"),
    ("common.previous", "ก่อนหน้า", "Previous"),
    ("common.next", "ถัดไป", "Next"),
    ("common.page", "หน้า", "Page"),
    ("common.of", "จาก", "of"),
    ("common.yes", "ใช่", "Yes"),
    ("common.no", "ไม่ใช่", "No"),
    (
        "common.fix_errors",
        "โปรดแก้ไขข้อมูลต่อไปนี้",
        "Please correct the following",
    ),
    ("common.required", "จำเป็น", "required"),
    ("common.details", "รายละเอียด", "Details"),
    ("error.title", "ทำรายการไม่สำเร็จ", "That did not work"),
    ("error.home", "กลับหน้าหลัก", "Back to the dashboard"),
];

static TABLE: LazyLock<HashMap<&'static str, (&'static str, &'static str)>> = LazyLock::new(|| {
    MESSAGES
        .iter()
        .map(|(k, th, en)| (*k, (*th, *en)))
        .collect()
});

/// The text for a key; an unknown key shows itself (and fails the template-key test).
pub fn t(lang: Lang, key: &str) -> &str {
    match TABLE.get(key) {
        Some((th, en)) => lang.pick(th, en),
        None => key,
    }
}

pub fn has_key(key: &str) -> bool {
    TABLE.contains_key(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_used_by_a_template_or_handler_exists() {
        let dirs = [
            concat!(env!("CARGO_MANIFEST_DIR"), "/templates"),
            concat!(env!("CARGO_MANIFEST_DIR"), "/src/routes/pages"),
        ];
        let mut missing = Vec::new();
        let mut checked = 0;
        for dir in dirs {
            let mut stack = vec![std::path::PathBuf::from(dir)];
            while let Some(path) = stack.pop() {
                if path.is_dir() {
                    for entry in std::fs::read_dir(&path).into_iter().flatten().flatten() {
                        stack.push(entry.path());
                    }
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                for piece in text.split(".t(\"").skip(1) {
                    if let Some(key) = piece.split('"').next() {
                        checked += 1;
                        if !has_key(key) {
                            missing.push(format!("{}: {key}", path.display()));
                        }
                    }
                }
            }
        }
        assert!(
            checked > 50,
            "the scan found only {checked} keys: is it looking in the right place?"
        );
        assert!(missing.is_empty(), "keys without text: {missing:#?}");
    }

    #[test]
    fn keys_are_unique() {
        assert_eq!(TABLE.len(), MESSAGES.len());
    }
}
