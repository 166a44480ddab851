//! The frameworks shipped with OpenITA, embedded at build time from `frameworks/<year>/`.

use crate::Framework;
use crate::error::FrameworkError;
use crate::toml_source::{Sources, parse};
use std::sync::OnceLock;

struct Shipped {
    name: &'static str,
    dir: &'static str,
    framework: &'static str,
    iit: &'static str,
    eit: &'static str,
    oit: &'static str,
}

macro_rules! shipped {
    ($name:literal, $year:literal) => {
        Shipped {
            name: $name,
            dir: concat!("frameworks/", $year),
            framework: include_str!(concat!("../../../frameworks/", $year, "/framework.toml")),
            iit: include_str!(concat!("../../../frameworks/", $year, "/iit.toml")),
            eit: include_str!(concat!("../../../frameworks/", $year, "/eit.toml")),
            oit: include_str!(concat!("../../../frameworks/", $year, "/oit.toml")),
        }
    };
}

/// Only years whose OIT list can be cited ship. 2567 (35 OIT items with other codes and 30 IIT
/// questions) does not: its list was not found in public material, and shipping the 2568 list
/// under the 2567 name misrepresented it. A cycle of another year starts from `ita-2568` with
/// the cycle's year, or from an imported framework.
const SHIPPED: [Shipped; 1] = [shipped!("ita-2568", "2568")];
const NAMES: [&str; 1] = [SHIPPED[0].name];

/// Each shipped framework parsed on first use; later loads clone it.
static PARSED: [OnceLock<Result<Framework, FrameworkError>>; SHIPPED.len()] =
    [const { OnceLock::new() }; SHIPPED.len()];

/// Names of the shipped frameworks, oldest first: `["ita-2568"]`.
pub fn names() -> &'static [&'static str] {
    &NAMES
}

/// Parses and validates a shipped framework by name (`"ita-2568"`).
pub fn load(name: &str) -> Result<Framework, FrameworkError> {
    let Some(index) = SHIPPED.iter().position(|s| s.name == name) else {
        let known = NAMES.join(", ");
        return Err(FrameworkError::new(
            "name",
            format!("no shipped framework is named `{name}`; the shipped ones are: {known}"),
            format!("ไม่มีเกณฑ์การประเมินชื่อ `{name}` เกณฑ์ที่มีอยู่ ได้แก่ {known}"),
        ));
    };
    let shipped = &SHIPPED[index];
    PARSED[index]
        .get_or_init(|| {
            parse(&Sources {
                dir: shipped.dir.to_string(),
                framework: shipped.framework.to_string(),
                iit: shipped.iit.to_string(),
                eit: shipped.eit.to_string(),
                oit: shipped.oit.to_string(),
            })
        })
        .clone()
}
