//! XML helpers shared by the GraphML and GEXF writers: untrusted text in, text XML 1.0 can
//! hold out, and the writer both formats start from.
//!
//! quick-xml escapes `&`, `<`, `>`, quotes, and the line breaks and tabs that attribute
//! normalization would otherwise turn into spaces; what it cannot do is write a character XML 1.0
//! forbids even as a reference (most C0 controls, U+FFFE, U+FFFF): [`clean`] drops those.

use std::borrow::Cow;
use std::io::{self, Write};

use quick_xml::events::{BytesDecl, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::view::Type;

/// The attribute type GraphML and GEXF both name this way; lists and records are JSON text.
pub fn type_name(ty: Type) -> &'static str {
    match ty {
        Type::Int => "long",
        Type::Float => "double",
        Type::Bool => "boolean",
        Type::Str | Type::Json => "string",
    }
}

/// Whether XML 1.0 allows the character at all (its `Char` production).
fn allowed(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The text without the characters XML 1.0 cannot carry; borrowed when there are none.
pub fn clean(text: &str) -> Cow<'_, str> {
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.chars().filter(|&c| allowed(c)).collect())
    }
}

/// A writer with two-space indentation, past the XML declaration.
pub fn start(out: &mut dyn Write) -> io::Result<Writer<&mut dyn Write>> {
    let mut writer = Writer::new_with_indent(out, b' ', 2);
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    Ok(writer)
}

/// An element's start tag with its attributes, each value cleaned and escaped.
pub fn tag<'a>(name: &'a str, attrs: &[(&'a str, &str)]) -> BytesStart<'a> {
    let mut start = BytesStart::new(name);
    for (key, value) in attrs {
        start.push_attribute((*key, clean(value)));
    }
    start
}

/// `<name attrs…>text</name>` on one line, the text cleaned and escaped.
pub fn text_element(
    w: &mut Writer<&mut dyn Write>,
    name: &str,
    attrs: &[(&str, &str)],
    text: &str,
) -> io::Result<()> {
    w.write_event(Event::Start(tag(name, attrs)))?;
    w.write_event(Event::Text(BytesText::new(&clean(text))))?;
    w.write_event(Event::End(quick_xml::events::BytesEnd::new(name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_characters_are_dropped_and_the_rest_kept() {
        let cases = [
            ("plain", "plain"),
            ("a\u{0}b\u{1b}c", "abc"),
            ("tab\tline\nreturn\r", "tab\tline\nreturn\r"),
            ("\u{FFFE}\u{FFFF}é😀", "é😀"),
        ];
        for (input, expected) in cases {
            assert_eq!(clean(input), expected, "{input:?}");
        }
    }
}
