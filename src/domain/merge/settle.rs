//! Settling a recorded conflict: writing the side a person chose back into the session.

use super::conflicts::{after_item_text, sides_of};
use crate::domain::rating::Side;
use crate::domain::session::{Conflict, Session};
use serde_json::{Map, Value};

/// Why a recorded conflict cannot be settled in favour of the side asked for.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum SettleError {
    #[error("there is no conflict {0}")]
    NoSuchConflict(usize),
    #[error("the conflict has no side {0}")]
    NoSuchSide(usize),
    #[error("that side's value cannot be read back from the conflict ({0}); edit it by hand")]
    Unreadable(String),
    #[error("the item or field of the conflict is no longer in the session")]
    Gone,
}

/// Settles the recorded conflict `index` in favour of side `side` of its message (0 is the
/// value the merge kept, 1 the next, as `A (ours) vs B (theirs)` lists them): that side's value
/// is written where the conflict is, and the conflict is dropped. Text, numbers, yes/no,
/// ratings and an agreement's status can be taken back; a list that changed cannot.
pub fn settle(session: &mut Session, index: usize, side: usize) -> Result<(), SettleError> {
    let conflict = session
        .conflicts
        .get(index)
        .cloned()
        .ok_or(SettleError::NoSuchConflict(index))?;
    if side > 0 {
        let mut value =
            serde_json::to_value(&*session).map_err(|e| SettleError::Unreadable(e.to_string()))?;
        apply_side(&mut value, &conflict, side)?;
        let mut settled: Session =
            serde_json::from_value(value).map_err(|e| SettleError::Unreadable(e.to_string()))?;
        settled.conflicts = std::mem::take(&mut session.conflicts);
        *session = settled;
    }
    session.conflicts.remove(index);
    Ok(())
}

/// Writes side `side` of `conflict` into the session's data.
fn apply_side(session: &mut Value, conflict: &Conflict, side: usize) -> Result<(), SettleError> {
    let whole = if conflict.item.is_empty() {
        conflict
            .message
            .split_once(": ")
            .map(|(_, rest)| rest)
            .ok_or(SettleError::Gone)?
    } else {
        after_item_text(&conflict.message).ok_or(SettleError::Gone)?
    };
    let sides = sides_of(whole).ok_or(SettleError::NoSuchSide(side))?;
    // Side 0 is the value kept, already in place; the others are values alone.
    let wanted = *sides
        .get(side)
        .filter(|_| side > 0)
        .ok_or(SettleError::NoSuchSide(side))?;
    // An item field's first side starts with the field's name (a serde key, one word).
    let name = sides[0].split_once(' ').map_or("", |(name, _)| name);
    match (conflict.step, conflict.item.is_empty()) {
        (Some(step), false) => {
            let item = session
                .get_mut(step.key())
                .and_then(Value::as_array_mut)
                .and_then(|items| {
                    items
                        .iter_mut()
                        .find(|i| i.get("id").and_then(Value::as_str) == Some(&conflict.item))
                })
                .ok_or(SettleError::Gone)?;
            if conflict.rater.is_empty() {
                set_field(item, name, wanted)
            } else {
                set_rating(item, &conflict.rater, wanted)
            }
        }
        (None, true) => {
            let (what, key) = conflict
                .message
                .split_once(": ")
                .and_then(|(what, _)| what.split_once(' '))
                .ok_or(SettleError::Gone)?;
            let object = match what {
                "Session" => session,
                "Closing" => session.get_mut("closing").ok_or(SettleError::Gone)?,
                _ => return Err(SettleError::Unreadable(what.to_string())),
            };
            set_field(object, key, wanted)
        }
        _ => Err(SettleError::Unreadable(conflict.message.clone())),
    }
}

/// Sets `key` of an item or the session to a value as a conflict shows it.
fn set_field(object: &mut Value, key: &str, shown: &str) -> Result<(), SettleError> {
    let object = object.as_object_mut().ok_or(SettleError::Gone)?;
    if key == "status" {
        let status = shown.trim_matches('"');
        object.insert("done".into(), Value::Bool(status == "done"));
        match status {
            "dropped" => object.insert("dropped".into(), Value::Bool(true)),
            _ => object.remove("dropped"),
        };
        return Ok(());
    }
    let value = match shown {
        "none" => {
            object.remove(key);
            return Ok(());
        }
        "yes" => Value::Bool(true),
        "no" => Value::Bool(false),
        "changed" => {
            return Err(SettleError::Unreadable(
                "a list or a group of fields".into(),
            ));
        }
        quoted if quoted.starts_with('"') => Value::String(
            unquote(quoted).ok_or_else(|| SettleError::Unreadable(quoted.to_string()))?,
        ),
        number => serde_json::from_str::<serde_json::Number>(number)
            .map(Value::Number)
            .map_err(|_| SettleError::Unreadable(number.to_string()))?,
    };
    object.insert(key.to_string(), value);
    Ok(())
}

/// Sets `rater`'s rating on an item to a value as a conflict shows it (`4`, `unrated`), on the
/// side the rater rates for in this item.
fn set_rating(item: &mut Value, rater: &str, shown: &str) -> Result<(), SettleError> {
    let ratings = item
        .as_object_mut()
        .ok_or(SettleError::Gone)?
        .entry("rating")
        .or_insert_with(|| Value::Object(Map::new()));
    let side = Side::BOTH
        .map(Side::name)
        .into_iter()
        .find(|side| ratings.get(side).and_then(|s| s.get(rater)).is_some())
        .ok_or(SettleError::Gone)?;
    let raters = ratings
        .get_mut(side)
        .and_then(Value::as_object_mut)
        .ok_or(SettleError::Gone)?;
    match shown {
        "unrated" => {
            raters.remove(rater);
        }
        n => {
            let n: u8 = n
                .parse()
                .map_err(|_| SettleError::Unreadable(n.to_string()))?;
            raters.insert(rater.to_string(), Value::from(n));
        }
    }
    Ok(())
}

/// The text of a string as a conflict shows it (Rust's `{:?}`): `"a \"b\""` is `a "b"`.
fn unquote(shown: &str) -> Option<String> {
    let inner = shown.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            'u' => {
                let hex: String = chars.by_ref().skip(1).take_while(|c| *c != '}').collect();
                out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
            }
            other => out.push(other),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::unquote;

    /// Found by a mutation run: no test read a `\u{…}` escape back, which `{:?}` writes for a
    /// control or invisible character in a conflict's text.
    #[test]
    fn a_conflicts_text_reads_back_from_its_debug_form() {
        for text in [
            "plain",
            "a \"b\" \\ c",
            "line\nbreak\ttab",
            "esc\u{1b}[31m",
            "\u{202E}rtl",
        ] {
            assert_eq!(
                unquote(&format!("{text:?}")).as_deref(),
                Some(text),
                "{text:?}"
            );
        }
        assert_eq!(unquote("no quotes"), None);
    }
}
