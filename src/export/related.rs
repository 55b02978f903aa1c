//! related.json export: every episode's related list in, the documented file out.
//!
//! `{"episodes": [{"id", "episode" (when numbered), "date" (when known), "related": [{"id",
//! "episode", "date", "score", "shared": [{"label", "kind", "weight"}]}]}]}` with one episode per
//! line, so a diff shows which lists changed. The order is
//! the caller's (`recommend::related_all` sorts by episode); serde escapes every label. Writes to
//! any `io::Write`; never chooses a file.

use std::io::Write;

use crate::recommend::Related;

pub fn write(lists: &[Related], w: &mut dyn Write) -> std::io::Result<()> {
    w.write_all(b"{\"episodes\": [\n")?;
    for (i, list) in lists.iter().enumerate() {
        if i > 0 {
            w.write_all(b",\n")?;
        }
        w.write_all(b" ")?;
        serde_json::to_writer(&mut *w, list)?;
    }
    w.write_all(b"\n]}\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::recommend::{Recommendation, Shared};

    fn check(lists: &[Related], expected: &str) {
        let mut out = Vec::new();
        write(lists, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(text, expected);
        serde_json::from_str::<serde_json::Value>(&text).expect("valid JSON");
    }

    #[test]
    fn one_episode_per_line() {
        check(&[], "{\"episodes\": [\n\n]}\n");
        let one = Related {
            id: "episode:s:2".into(),
            episode: Some(2),
            date: None,
            related: vec![Recommendation {
                id: "episode:s:2019-08-08-x".into(),
                episode: None,
                date: Some("2019-08-08".into()),
                score: 0.5,
                shared: vec![Shared {
                    label: "a \"b\"".into(),
                    kind: "package".into(),
                    weight: 0.5,
                }],
            }],
        };
        check(
            &[one],
            "{\"episodes\": [\n {\"id\":\"episode:s:2\",\"episode\":2,\"related\":[{\"id\":\"episode:s:2019-08-08-x\",\"date\":\"2019-08-08\",\"score\":0.5,\"shared\":[{\"label\":\"a \\\"b\\\"\",\"kind\":\"package\",\"weight\":0.5}]}]}\n]}\n",
        );
    }
}
