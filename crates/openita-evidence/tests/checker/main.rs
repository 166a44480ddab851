//! End-to-end tests against loopback servers started by the tests themselves.
//! No test contacts any address other than 127.0.0.1 (refused targets such as
//! 10.0.0.1 are refused before any connection; that is what is tested).

mod documents;
mod extraction;
mod limits;
mod pages;
mod redirects;
mod support;

use support::*;

#[test]
fn findings_serialize_with_snake_case_outcomes() -> TestResult {
    let rt = tokio::runtime::Runtime::new()?;
    let f = rt.block_on(async {
        let c = checker()?;
        Ok::<_, Box<dyn Error>>(c.check("javascript:alert(1)", Some(2568)).await)
    })?;
    let json = serde_json::to_value(&f)?;
    assert_eq!(json["outcome"], "refused");
    assert_eq!(json["expected_year"], 2568);
    let back: Finding = serde_json::from_value(json)?;
    assert_eq!(back, f);
    Ok(())
}
