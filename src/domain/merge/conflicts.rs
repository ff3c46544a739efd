//! Reading a conflict record back: which item text and which sides its message names, and
//! whether two records are one conflict whatever the copies were called.

use crate::domain::session::Conflict;

/// Whether two records are one conflict, whatever the copies were called: the same item,
/// rater and subject (`Benefits 1 "text": Priya`), and the same values on its sides, in any
/// order (`4 (ours) vs 2 (theirs)` is `2 (ours) vs 4 (theirs)` merged the other way round).
pub fn same_conflict(a: &Conflict, b: &Conflict) -> bool {
    if a == b {
        return true;
    }
    if (&a.step, &a.item, &a.rater) != (&b.step, &b.item, &b.rater) {
        return false;
    }
    // An item is known by its id: the text its message shows may be what one merge kept.
    let about = |c: &'_ Conflict| -> Option<String> {
        if c.item.is_empty() {
            return Some(c.message.clone());
        }
        after_item_text(&c.message).map(str::to_string)
    };
    let (Some(ma), Some(mb)) = (about(a), about(b)) else {
        return false;
    };
    let (Some(pa), Some(pb)) = (sides_of(&ma), sides_of(&mb)) else {
        return false;
    };
    if pa.len() != pb.len() {
        return false;
    }
    if pa[0] == pb[0] {
        return sorted(pa[1..].to_vec()) == sorted(pb[1..].to_vec());
    }
    // The first side is the subject and a value; b's first value is one of a's other values,
    // and what is before it is the subject both share.
    pa[1..].iter().any(|value| {
        let Some(subject) = pb[0].strip_suffix(value).and_then(|s| s.strip_suffix(' ')) else {
            return false;
        };
        let (Some(first_a), Some(first_b)) = (
            pa[0]
                .strip_prefix(subject)
                .and_then(|v| v.strip_prefix(' ')),
            pb[0]
                .strip_prefix(subject)
                .and_then(|v| v.strip_prefix(' ')),
        ) else {
            return false;
        };
        let mut values_a = vec![first_a];
        values_a.extend_from_slice(&pa[1..]);
        let mut values_b = vec![first_b];
        values_b.extend_from_slice(&pb[1..]);
        sorted(values_a) == sorted(values_b)
    })
}

/// What an item conflict's message says after `Benefits 2 "the item's text": `.
pub(super) fn after_item_text(message: &str) -> Option<&str> {
    let open = message.find('"')?;
    let mut escaped = false;
    for (i, c) in message[open + 1..].char_indices() {
        match c {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return message[open + 1 + i + 1..].strip_prefix(": "),
            _ => escaped = false,
        }
    }
    None
}

fn sorted(mut values: Vec<&str>) -> Vec<&str> {
    values.sort_unstable();
    values
}

/// A conflict message's sides, each without its copies' names: `S 4 (ours) vs 2 (theirs)` is
/// `["S 4", "2"]`. `None` for a message that is not `… vs …`.
pub(super) fn sides_of(message: &str) -> Option<Vec<&str>> {
    let sides: Vec<&str> = message
        .split(" vs ")
        .map(|side| match side.rfind(" (") {
            Some(open) if side.ends_with(')') => &side[..open],
            _ => side,
        })
        .collect();
    (sides.len() > 1).then_some(sides)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::session::Step;

    fn conflict(message: &str) -> Conflict {
        Conflict {
            step: Some(Step::Benefits),
            item: "b1".into(),
            rater: "Priya".into(),
            message: format!("Benefits 1 \"Fewer outages\": {message}"),
        }
    }

    /// Found by a mutation run: no test had an item text ending in a backslash, which the
    /// message writes escaped (`\\`); the quote after it still closes the text.
    #[test]
    fn an_item_text_ending_in_a_backslash_still_ends_at_its_quote() {
        let message = r#"Benefits 1 "C:\\": Priya 4 (ours) vs 2 (theirs)"#;
        assert_eq!(
            after_item_text(message),
            Some("Priya 4 (ours) vs 2 (theirs)")
        );
        let quoted = r#"Benefits 1 "say \"hi\"": Priya 4 (ours) vs 2 (theirs)"#;
        assert_eq!(
            after_item_text(quoted),
            Some("Priya 4 (ours) vs 2 (theirs)")
        );
    }

    /// Found by a mutation run: a side is cut at its last ` (` only when it ends with the
    /// copies' names in brackets; a conflict recorded without them (by hand, or by an older
    /// covalue) keeps a bracket inside its value.
    #[test]
    fn a_side_without_copy_names_keeps_its_bracket() {
        let message = r#"Session title: "Review (draft" vs "Review" (theirs)"#;
        assert_eq!(
            sides_of(message),
            Some(vec![r#"Session title: "Review (draft""#, r#""Review""#])
        );
        // And a message of one side is no `… vs …` (shard 33: `>=` for `>`).
        assert_eq!(sides_of(r#"Session title: "Review (draft""#), None);
    }

    /// Found by a mutation run: no test had two conflicts on one rating whose values differ,
    /// so comparing the values could be dropped and every pair taken for one conflict.
    #[test]
    fn one_conflict_in_either_order_two_when_a_value_differs() {
        let ours = conflict("Priya 4 (ours) vs 2 (theirs)");
        assert!(same_conflict(&ours, &conflict("Priya 2 (a) vs 4 (b)")));
        assert!(!same_conflict(
            &ours,
            &conflict("Priya 4 (ours) vs 3 (theirs)")
        ));
        assert!(!same_conflict(
            &ours,
            &conflict("Priya 5 (ours) vs 2 (theirs)")
        ));
    }
}
