//! Schemas for values the API takes as text but checks against a list: the document lists
//! what the check accepts, from the same data.

use utoipa::openapi::{ObjectBuilder, RefOr, Type, schema::Schema};

/// A province as the API takes it: its code (`36`), its Thai name (`ชัยภูมิ`) or its English
/// name (`Chaiyaphum`). (The lookup also forgives spacing, case and the word จังหวัด.)
pub struct ProvinceName;

impl utoipa::PartialSchema for ProvinceName {
    fn schema() -> RefOr<Schema> {
        let names = openita_geography::provinces().iter().flat_map(|p| {
            [
                p.code.to_string(),
                p.name_th.to_string(),
                p.name_en.to_string(),
            ]
        });
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(names))
            .description(Some(
                "A province: its code (36), Thai name (ชัยภูมิ) or English name (Chaiyaphum).",
            ))
            .examples([serde_json::json!("ชัยภูมิ")])
            .into()
    }
}

impl utoipa::ToSchema for ProvinceName {}

/// A framework shipped with this version (`ita-2568`), by name.
pub struct ShippedFramework;

impl utoipa::PartialSchema for ShippedFramework {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(openita_framework::shipped::names().iter().copied()))
            .examples([serde_json::json!("ita-2568")])
            .into()
    }
}

impl utoipa::ToSchema for ShippedFramework {}
