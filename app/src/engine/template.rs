//! Response templates: text with `{{variables}}` filled in from the case.
//!
//! Rendering is plain text in, plain text out, in one pass: a value is inserted
//! as it is and never read again, so a customer name such as `{{agent.name}}` or
//! `<b>hi</b>` stays exactly that text; the surfaces show it as text. A variable
//! the template language does not know is an error that lists the known ones; a
//! known variable with no value for this case (no booking, say) is left in place,
//! visible, for the agent to fill in before sending.

use std::collections::BTreeMap;

/// Every variable a template may use, with what it means (for the editor).
pub const VARIABLES: &[(&str, &str)] = &[
    ("customer.first_name", "the customer's first name"),
    ("customer.name", "the customer's full name"),
    ("customer.email", "the customer's email address"),
    ("customer.tier", "standard or enterprise"),
    ("case.id", "the case number"),
    ("case.subject", "the case subject"),
    ("case.priority", "P1 to P4"),
    ("case.queue", "the queue's name"),
    ("agent.name", "the replying agent's name"),
    ("agent.first_name", "the replying agent's first name"),
    (
        "booking.confirmation",
        "the latest booking's confirmation number",
    ),
    ("booking.vehicle", "the latest booking's vehicle"),
    ("booking.pickup", "pick-up date and location"),
    ("booking.return", "return date and location"),
    ("booking.amount", "the booking's amount with currency"),
    ("company.name", "the company's name"),
];

/// Longest template body, in characters.
pub const MAX_BODY_CHARS: usize = 5_000;

/// Why a template cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("unknown variable {{{{{name}}}}}; known variables: {}", known_list())]
    UnknownVariable { name: String },
    #[error("\"{{{{\" at character {at} is never closed with \"}}}}\"")]
    Unclosed { at: usize },
    #[error("empty variable \"{{{{}}}}\" at character {at}")]
    Empty { at: usize },
    #[error("the template is empty")]
    EmptyBody,
    #[error("the template is {chars} characters long; the limit is {MAX_BODY_CHARS}")]
    TooLong { chars: usize },
}

fn known_list() -> String {
    VARIABLES
        .iter()
        .map(|(n, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A piece of a parsed template.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Var(&'static str),
}

/// Splits a body into text and known variables.
fn parse(body: &str) -> Result<Vec<Piece<'_>>, TemplateError> {
    let chars = body.chars().count();
    if chars > MAX_BODY_CHARS {
        return Err(TemplateError::TooLong { chars });
    }
    if body.trim().is_empty() {
        return Err(TemplateError::EmptyBody);
    }
    let mut pieces = Vec::new();
    let mut rest = body;
    while let Some(open) = rest.find("{{") {
        let at = body.len() - rest.len() + open;
        if open > 0 {
            pieces.push(Piece::Text(&rest[..open]));
        }
        let after = &rest[open + 2..];
        let close = after.find("}}").ok_or(TemplateError::Unclosed {
            at: body[..at].chars().count(),
        })?;
        let name = after[..close].trim();
        if name.is_empty() {
            return Err(TemplateError::Empty {
                at: body[..at].chars().count(),
            });
        }
        let known = VARIABLES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(n, _)| *n)
            .ok_or_else(|| TemplateError::UnknownVariable {
                name: name.to_string(),
            })?;
        pieces.push(Piece::Var(known));
        rest = &after[close + 2..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest));
    }
    Ok(pieces)
}

/// Checks a template body: every variable known, every `{{` closed, not empty,
/// not too long.
pub fn validate(body: &str) -> Result<(), TemplateError> {
    parse(body).map(|_| ())
}

/// The variables a body uses, in order of first use.
pub fn variables_in(body: &str) -> Result<Vec<&'static str>, TemplateError> {
    let mut out = Vec::new();
    for p in parse(body)? {
        if let Piece::Var(v) = p {
            if !out.contains(&v) {
                out.push(v);
            }
        }
    }
    Ok(out)
}

/// A filled-in template: the text, and the variables that had no value (left
/// in the text as `{{name}}` for the agent to replace).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub text: String,
    pub missing: Vec<&'static str>,
}

/// Fills in `body` from `values` (variable name → text).
pub fn render(body: &str, values: &BTreeMap<&str, String>) -> Result<Rendered, TemplateError> {
    let mut text = String::with_capacity(body.len() + 64);
    let mut missing = Vec::new();
    for piece in parse(body)? {
        match piece {
            Piece::Text(t) => text.push_str(t),
            Piece::Var(name) => match values.get(name).filter(|v| !v.trim().is_empty()) {
                Some(v) => text.push_str(v),
                None => {
                    text.push_str("{{");
                    text.push_str(name);
                    text.push_str("}}");
                    if !missing.contains(&name) {
                        missing.push(name);
                    }
                }
            },
        }
    }
    Ok(Rendered { text, missing })
}

/// The first word of a name, for `first_name` variables.
pub fn first_name(full: &str) -> &str {
    full.split_whitespace().next().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values() -> BTreeMap<&'static str, String> {
        BTreeMap::from([
            ("customer.first_name", "Ana".to_string()),
            ("case.id", "1042".to_string()),
            ("agent.name", "Maya Chen".to_string()),
            ("booking.confirmation", "SB-204811".to_string()),
        ])
    }

    #[test]
    fn variables_are_filled_in() {
        let r = render(
            "Hi {{customer.first_name}}, booking {{ booking.confirmation }} is fixed (case #{{case.id}}).\n— {{agent.name}}",
            &values(),
        )
        .unwrap();
        assert_eq!(
            r.text,
            "Hi Ana, booking SB-204811 is fixed (case #1042).\n— Maya Chen"
        );
        assert!(r.missing.is_empty());
    }

    #[test]
    fn an_unknown_variable_is_an_error_listing_the_known_ones() {
        let e = render("Hi {{customer.nickname}}", &values()).unwrap_err();
        assert_eq!(
            e,
            TemplateError::UnknownVariable {
                name: "customer.nickname".into()
            }
        );
        let msg = e.to_string();
        assert!(
            msg.starts_with(
                "unknown variable {{customer.nickname}}; known variables: customer.first_name,"
            ),
            "{msg}"
        );
        assert!(msg.contains("booking.confirmation"));
    }

    #[test]
    fn a_known_variable_without_a_value_stays_visible() {
        let r = render(
            "Your car: {{booking.vehicle}}, {{booking.vehicle}}.",
            &values(),
        )
        .unwrap();
        assert_eq!(
            r.text,
            "Your car: {{booking.vehicle}}, {{booking.vehicle}}."
        );
        assert_eq!(r.missing, vec!["booking.vehicle"]);
    }

    #[test]
    fn values_are_inserted_as_text_and_never_expanded_again() {
        let mut v = values();
        v.insert(
            "customer.first_name",
            "{{agent.name}} <img src=x onerror=alert(1)>".into(),
        );
        let r = render("Hi {{customer.first_name}}", &v).unwrap();
        assert_eq!(r.text, "Hi {{agent.name}} <img src=x onerror=alert(1)>");
    }

    #[test]
    fn malformed_templates_are_refused_with_where() {
        assert_eq!(
            validate("Hi {{customer.first_name"),
            Err(TemplateError::Unclosed { at: 3 })
        );
        assert_eq!(
            validate("Hi {{ }} there"),
            Err(TemplateError::Empty { at: 3 })
        );
        assert_eq!(validate("   "), Err(TemplateError::EmptyBody));
        assert_eq!(
            validate(&"x".repeat(MAX_BODY_CHARS + 1)),
            Err(TemplateError::TooLong {
                chars: MAX_BODY_CHARS + 1
            })
        );
        assert!(validate("Plain text with } and { braces").is_ok());
    }

    #[test]
    fn variables_in_lists_each_once_in_order() {
        assert_eq!(
            variables_in("{{case.id}} {{agent.name}} {{case.id}}").unwrap(),
            vec!["case.id", "agent.name"]
        );
    }

    #[test]
    fn first_name_is_the_first_word() {
        assert_eq!(first_name("  Maya  Chen "), "Maya");
        assert_eq!(first_name(""), "");
    }
}
