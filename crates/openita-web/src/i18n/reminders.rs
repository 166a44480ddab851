//! Strings of the reminders page and the account's reminder choice.

/// (key, Thai, English)
pub(super) const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "reminders.title",
        "การแจ้งเตือนหน่วยงาน",
        "Reminders to agencies",
    ),
    (
        "reminders.open",
        "การแจ้งเตือนหน่วยงานทางอีเมล",
        "E-mail reminders to agencies",
    ),
    (
        "reminders.back",
        "กลับไปหน้าติดตามของจังหวัด",
        "Back to the dashboard",
    ),
    ("reminders.queued", "ส่งเข้าคิวแล้ว", "Queued"),
    ("reminders.messages_to", "ฉบับ ถึง", "messages to"),
    ("reminders.agencies", "หน่วยงาน", "agencies"),
    (
        "reminders.send_heading",
        "แจ้งเตือนหน่วยงานที่ยังมีเรื่องค้าง",
        "Remind the agencies that are behind",
    ),
    (
        "reminders.send_help",
        "ส่งอีเมลถึงผู้ดูแลระบบและผู้บริหารของทุกหน่วยงานในพื้นที่ที่ยังมีเรื่องค้าง (ยังไม่ลงทะเบียน จำนวนบุคลากร IIT/EIT ไม่ถึงขั้นต่ำ OIT) พร้อมวันสิ้นสุดของแต่ละช่วงเวลา ส่งซ้ำได้ทุก 10 นาที",
        "E-mails the admins and executives of every agency of the area that is behind (registration, headcount, IIT/EIT below the minimum, OIT) with the last day of each window. Once every 10 minutes at most.",
    ),
    (
        "reminders.send_now",
        "ส่งการแจ้งเตือนตอนนี้",
        "Send reminders now",
    ),
    ("reminders.schedule", "กำหนดส่งประจำสัปดาห์", "Weekly schedule"),
    ("reminders.no_schedule", "ยังไม่ได้กำหนด", "No schedule"),
    (
        "reminders.schedule_help",
        "ระบบจะส่งการแจ้งเตือนเดียวกันนี้ทุกสัปดาห์ตามวันและเวลาที่กำหนด (เวลาประเทศไทย) ระหว่างช่วงเวลาที่หน่วยงานยังดำเนินการได้ และส่งสรุปให้ผู้ประสานงานจังหวัด",
        "The same reminders go out every week on this day and hour (Bangkok time) while agencies can still act, with a summary to the province's coordinators.",
    ),
    ("reminders.weekday", "วัน", "Day"),
    ("reminders.hour", "เวลา", "Hour"),
    ("reminders.stop", "ไม่ส่งตามกำหนด", "No scheduled reminders"),
    (
        "reminders.save_schedule",
        "บันทึกกำหนดส่ง",
        "Save the schedule",
    ),
    (
        "reminders.schedule_saved",
        "บันทึกกำหนดส่งแล้ว",
        "Schedule saved",
    ),
    (
        "reminders.sent",
        "การแจ้งเตือนที่ส่งแล้ว",
        "Reminders queued and sent",
    ),
    ("reminders.none", "ยังไม่มีการแจ้งเตือน", "No reminders yet"),
    ("reminders.to", "ถึง", "To"),
    ("reminders.queued_at", "เข้าคิว", "Queued"),
    ("reminders.sent_at", "ส่งแล้ว", "sent"),
    ("reminders.waiting", "รอส่ง", "waiting to be sent"),
    ("account.reminders", "การแจ้งเตือนทางอีเมล", "E-mail reminders"),
    (
        "account.reminders_label",
        "รับอีเมลแจ้งเตือนเรื่องที่ยังค้างจากจังหวัด/อำเภอ และสรุปประจำสัปดาห์",
        "Receive reminders from the province or district of what is still to do, and weekly summaries",
    ),
    (
        "account.reminders_saved",
        "บันทึกการรับการแจ้งเตือนแล้ว",
        "Reminder choice saved",
    ),
];
