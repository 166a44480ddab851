//! Validating a respondent's answers against the framework, all at once.

use crate::FieldError;
use openita_framework::{Framework, InstrumentCode};
use serde_json::{Map, Value};

/// The yes/no scale's name in frameworks; its levels are [no, yes].
const YESNO: &str = "yesno";

/// Checks every question of the instrument: required ones answered, levels within the scale,
/// yes/no answered with booleans (or levels), no unknown questions. Returns the (question,
/// level) pairs to store, or every problem.
pub fn validate_answers(
    framework: &Framework,
    instrument: InstrumentCode,
    answers: &Map<String, Value>,
) -> Result<Vec<(String, i64)>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut levels = Vec::new();
    let questions: Vec<_> = framework.questions(instrument).collect();
    // Errors name a question by its number on the form (1, 2, ...), as the respondent sees
    // it; the field is the question id, for API clients.
    for (number, (_, q)) in (1..).zip(&questions) {
        let scale_len = framework.scale(&q.scale).map(<[_]>::len).unwrap_or(0) as i64;
        let given = answers
            .get(&q.id)
            .filter(|v| !v.is_null() && *v != &Value::String(String::new()));
        let level = match given {
            None if q.optional => continue,
            None => {
                errors.push(FieldError::new(
                    &q.id,
                    format!("ยังไม่ได้ตอบข้อ {number}"),
                    format!("Question {number} is not answered."),
                ));
                continue;
            }
            Some(Value::Bool(b)) if q.scale == YESNO => Some(if *b { 2 } else { 1 }),
            Some(Value::Number(n)) => n.as_i64(),
            Some(Value::String(s)) => match s.as_str() {
                "true" | "yes" if q.scale == YESNO => Some(2),
                "false" | "no" if q.scale == YESNO => Some(1),
                other => other.parse().ok(),
            },
            Some(_) => None,
        };
        match level {
            Some(l) if (1..=scale_len).contains(&l) => levels.push((q.id.clone(), l)),
            _ => errors.push(FieldError::new(
                &q.id,
                format!("คำตอบข้อ {number} ไม่ใช่ตัวเลือกของข้อนี้"),
                format!("The answer to question {number} is not one of its options."),
            )),
        }
    }
    for key in answers.keys() {
        if !questions.iter().any(|(_, q)| &q.id == key) {
            errors.push(FieldError::new(
                key,
                format!("ไม่มีข้อคำถาม {key} ในแบบวัดนี้"),
                format!("There is no question {key} in this survey."),
            ));
        }
    }
    if errors.is_empty() {
        Ok(levels)
    } else {
        Err(errors)
    }
}

/// The level that scores best on a question: the scale's highest value, or its lowest for a
/// reverse (negative) question.
fn best_level(framework: &Framework, q: &openita_framework::Question) -> Option<i64> {
    let scale = framework.scale(&q.scale)?;
    let best = if q.reverse {
        scale.iter().enumerate().min_by_key(|(_, v)| **v)
    } else {
        scale.iter().enumerate().max_by_key(|(_, v)| **v)
    };
    best.map(|(i, _)| i as i64 + 1)
}

/// Whether every answered question is at its best level (an integrity count: a share of such
/// responses far above the agency's peers is flagged). `levels` as `validate_answers` returns
/// them; a response with no answers is not all-best.
pub fn all_best(
    framework: &Framework,
    instrument: InstrumentCode,
    levels: &[(impl AsRef<str>, i64)],
) -> bool {
    !levels.is_empty()
        && levels.iter().all(|(id, level)| {
            framework
                .questions(instrument)
                .find(|(_, q)| q.id == id.as_ref())
                .and_then(|(_, q)| best_level(framework, q))
                == Some(*level)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn framework() -> Framework {
        openita_framework::shipped::load("ita-2568").unwrap_or_else(|e| panic!("{e}"))
    }

    fn full_iit(fw: &Framework) -> Map<String, Value> {
        fw.questions(InstrumentCode::Iit)
            .map(|(_, q)| {
                (
                    q.id.clone(),
                    if q.scale == YESNO {
                        json!(true)
                    } else {
                        json!(4)
                    },
                )
            })
            .collect()
    }

    #[test]
    fn a_complete_answer_set_gives_one_level_per_question() {
        let fw = framework();
        let levels = validate_answers(&fw, InstrumentCode::Iit, &full_iit(&fw)).unwrap_or_default();
        assert_eq!(levels.len(), fw.questions(InstrumentCode::Iit).count());
        assert!(levels.iter().all(|(_, l)| *l == 4 || *l == 2));
    }

    #[test]
    fn missing_out_of_range_and_unknown_answers_are_all_listed() {
        let fw = framework();
        let mut answers = full_iit(&fw);
        let required: Vec<String> = fw
            .questions(InstrumentCode::Iit)
            .filter(|(_, q)| !q.optional && q.scale != YESNO)
            .map(|(_, q)| q.id.clone())
            .take(2)
            .collect();
        answers.remove(&required[0]);
        answers.insert(required[1].clone(), json!(5));
        answers.insert("e6_1".into(), json!(3));
        let fields: Vec<String> = validate_answers(&fw, InstrumentCode::Iit, &answers)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(
            fields,
            vec![required[0].clone(), required[1].clone(), "e6_1".to_string()]
        );
    }

    #[test]
    fn messages_name_the_question_by_its_number_on_the_form() {
        let fw = framework();
        let mut answers = full_iit(&fw);
        // The second question of the IIT form (i1_2) left out, the third out of range.
        let ids: Vec<String> = fw
            .questions(InstrumentCode::Iit)
            .map(|(_, q)| q.id.clone())
            .collect();
        answers.remove(&ids[1]);
        answers.insert(ids[2].clone(), json!(9));
        let errors = validate_answers(&fw, InstrumentCode::Iit, &answers)
            .err()
            .unwrap_or_default();
        let texts: Vec<(String, String, String)> = errors
            .into_iter()
            .map(|e| (e.field, e.message.th, e.message.en))
            .collect();
        assert_eq!(
            texts,
            vec![
                (
                    ids[1].clone(),
                    "ยังไม่ได้ตอบข้อ 2".to_string(),
                    "Question 2 is not answered.".to_string()
                ),
                (
                    ids[2].clone(),
                    "คำตอบข้อ 3 ไม่ใช่ตัวเลือกของข้อนี้".to_string(),
                    "The answer to question 3 is not one of its options.".to_string()
                ),
            ]
        );
    }

    #[test]
    fn optional_questions_may_be_left_blank() {
        let fw = framework();
        let mut answers = full_iit(&fw);
        let optional: Vec<String> = fw
            .questions(InstrumentCode::Iit)
            .filter(|(_, q)| q.optional)
            .map(|(_, q)| q.id.clone())
            .collect();
        for id in &optional {
            answers.remove(id);
        }
        let levels = validate_answers(&fw, InstrumentCode::Iit, &answers).unwrap_or_default();
        assert_eq!(
            levels.len(),
            fw.questions(InstrumentCode::Iit).count() - optional.len()
        );
    }
}
