//! Markdown notes in, the HTML a show's site would publish out (pulldown-cmark, with the tables
//! and strikethrough the notes are read with). Shared by examples/notes_to_feed.rs and the feed
//! tests, so both render the same way. Never reads files.

pub fn html(markdown: &str) -> String {
    let options =
        pulldown_cmark::Options::ENABLE_TABLES | pulldown_cmark::Options::ENABLE_STRIKETHROUGH;
    let mut html = String::new();
    pulldown_cmark::html::push_html(
        &mut html,
        pulldown_cmark::Parser::new_ext(markdown, options),
    );
    html
}
