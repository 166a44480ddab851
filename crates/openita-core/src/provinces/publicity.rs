//! Where an agency published its survey links: the website, Facebook, LINE, posters on its
//! notice boards (Chiang Mai asks for "more than one channel" and a form reporting them). The
//! agency admin replaces the list; the agency's roles, its province's coordinators and the
//! NACC admin read it, through the same agency scope as the other agency-cycle routes.

use crate::{Actor, Core, CoreError, FieldError, agencies, audit, cycles};
use openita_db::{DbError, queries::publicity};
use openita_types::{AgencyCode, FiscalYear, Moment, Role};
use serde::{Deserialize, Serialize};

/// More channels than an agency uses.
pub const MAX_CHANNELS: usize = 20;
pub const MAX_URL_CHARS: usize = 500;
pub const MAX_NOTE_CHARS: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    Website,
    Facebook,
    Line,
    Poster,
    Other,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 5] = [
        ChannelKind::Website,
        ChannelKind::Facebook,
        ChannelKind::Line,
        ChannelKind::Poster,
        ChannelKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Website => "website",
            ChannelKind::Facebook => "facebook",
            ChannelKind::Line => "line",
            ChannelKind::Poster => "poster",
            ChannelKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<ChannelKind> {
        ChannelKind::ALL
            .into_iter()
            .find(|k| k.as_str() == text.trim())
    }

    pub fn name_th(self) -> &'static str {
        match self {
            ChannelKind::Website => "เว็บไซต์",
            ChannelKind::Facebook => "เฟซบุ๊ก",
            ChannelKind::Line => "ไลน์",
            ChannelKind::Poster => "โปสเตอร์/บอร์ดประชาสัมพันธ์",
            ChannelKind::Other => "อื่น ๆ",
        }
    }

    pub fn name_en(self) -> &'static str {
        match self {
            ChannelKind::Website => "Website",
            ChannelKind::Facebook => "Facebook",
            ChannelKind::Line => "LINE",
            ChannelKind::Poster => "Poster / notice board",
            ChannelKind::Other => "Other",
        }
    }

    /// A website or a Facebook page is a place anyone can check: it needs its address.
    fn needs_url(self) -> bool {
        matches!(self, ChannelKind::Website | ChannelKind::Facebook)
    }
}

/// One channel as stored and shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Channel {
    pub kind: ChannelKind,
    pub url: Option<String>,
    pub note: Option<String>,
}

/// One channel as a request gives it (kind as text, so a wrong one is a 422 naming it).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
pub struct ChannelInput {
    #[schema(value_type = ChannelKind)]
    pub kind: String,
    #[serde(default)]
    #[schema(value_type = Option<crate::agencies::WebAddressOrBlank>, max_length = 500)]
    pub url: Option<String>,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PublicityView {
    pub agency: String,
    pub year: FiscalYear,
    pub channels: Vec<Channel>,
    pub updated_by: Option<String>,
    pub updated_at: Option<Moment>,
}

fn check(input: &[ChannelInput]) -> Result<Vec<Channel>, CoreError> {
    if input.len() > MAX_CHANNELS {
        return Err(CoreError::invalid(
            "channels",
            format!("ระบุช่องทางได้ไม่เกิน {MAX_CHANNELS} ช่องทาง"),
            format!("At most {MAX_CHANNELS} channels."),
        ));
    }
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(input.len());
    for (i, c) in input.iter().enumerate() {
        let Some(kind) = ChannelKind::parse(&c.kind) else {
            errors.push(FieldError::new(
                format!("channels[{i}].kind"),
                "ช่องทางต้องเป็น website, facebook, line, poster หรือ other",
                "The kind must be website, facebook, line, poster or other.",
            ));
            continue;
        };
        let url = c
            .url
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_string);
        match &url {
            None if kind.needs_url() => errors.push(FieldError::new(
                format!("channels[{i}].url"),
                format!("โปรดระบุที่อยู่ (URL) ของ{}", kind.name_th()),
                format!("Enter the address (URL) of the {}.", kind.name_en()),
            )),
            Some(u) if !agencies::is_web_address(u) || u.chars().count() > MAX_URL_CHARS => {
                errors.push(FieldError::new(
                    format!("channels[{i}].url"),
                    "ที่อยู่ต้องขึ้นต้นด้วย http:// หรือ https://",
                    "The address must start with http:// or https://.",
                ));
            }
            _ => {}
        }
        let note = c
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string);
        if note
            .as_ref()
            .is_some_and(|n| n.chars().count() > MAX_NOTE_CHARS)
        {
            errors.push(FieldError::new(
                format!("channels[{i}].note"),
                format!("หมายเหตุยาวได้ไม่เกิน {MAX_NOTE_CHARS} ตัวอักษร"),
                format!("The note may be at most {MAX_NOTE_CHARS} characters."),
            ));
        }
        out.push(Channel { kind, url, note });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(CoreError::Invalid(errors))
    }
}

async fn view(
    conn: &mut openita_db::Conn,
    cycle_id: i64,
    agency_id: i64,
    code: &AgencyCode,
    year: FiscalYear,
) -> Result<PublicityView, CoreError> {
    let row = publicity::get(conn, cycle_id, agency_id).await?;
    let channels = match &row {
        Some(r) => serde_json::from_str(&r.channels)
            .map_err(|e| CoreError::internal(format!("unreadable publicity channels: {e}")))?,
        None => Vec::new(),
    };
    Ok(PublicityView {
        agency: code.to_string(),
        year,
        channels,
        updated_by: row.as_ref().map(|r| r.updated_by.clone()),
        updated_at: Moment::stored_opt(row.map(|r| r.updated_at).as_deref())?,
    })
}

pub async fn get_publicity(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
) -> Result<PublicityView, CoreError> {
    let agency = agencies::find_visible_agency(core, actor, code).await?;
    let cycle = cycles::get_cycle(core, year).await?;
    let mut conn = core.db.pool().acquire().await.map_err(DbError::from)?;
    view(&mut conn, cycle.id, agency.id.get(), &agency.code, year).await
}

pub async fn set_publicity(
    core: &Core,
    actor: &Actor,
    year: FiscalYear,
    code: &AgencyCode,
    input: &[ChannelInput],
) -> Result<PublicityView, CoreError> {
    actor.require(&[Role::AgencyAdmin])?;
    let agency = agencies::find_visible_agency(core, actor, code).await?;
    let cycle = cycles::get_cycle(core, year).await?;
    let channels = check(input)?;
    let json = serde_json::to_string(&channels)
        .map_err(|e| CoreError::internal(format!("publicity channels: {e}")))?;
    let mut tx = core.db.begin_write().await?;
    let before = view(tx.conn(), cycle.id, agency.id.get(), &agency.code, year).await?;
    let now = core.now_text();
    publicity::set(
        tx.conn(),
        cycle.id,
        agency.id.get(),
        &json,
        &actor.username,
        &now,
    )
    .await?;
    let after = view(tx.conn(), cycle.id, agency.id.get(), &agency.code, year).await?;
    audit::record(
        tx.conn(),
        actor,
        &now,
        "publicity.set",
        ("agency", &agency.code),
        Some(&before),
        Some(&after),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}
