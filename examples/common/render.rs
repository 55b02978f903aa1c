//! Markdown notes in, the HTML a show's site would publish out (pulldown-cmark, with the tables
//! and strikethrough the notes are read with), and the notes as the RSS feed a show would
//! publish. Shared by examples/notes_to_feed.rs, the feed tests and the feed benches, so all
//! render the same way. Writes only where it is told.

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

/// The first show of `inputs` as an RSS feed written to `out`: each episode as `built` (the
/// markdown build of `inputs`) has it, its notes rendered by [`html`]. Returns the show's
/// title and the number of items. Reads the notes again for their text.
pub fn write_feed(
    built: &podgraph::Built,
    inputs: &[std::path::PathBuf],
    out: &mut dyn std::io::Write,
) -> std::io::Result<(String, usize)> {
    let (corpus, _) = podgraph::ingest::collect(inputs, &podgraph::ingest::Options::default());
    let (show, entries) = podgraph::export::rss::from_build(built, &corpus, 0, &html);
    podgraph::export::rss::write(out, &show, &entries)?;
    Ok((show.title, entries.len()))
}
