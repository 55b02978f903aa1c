//! Renders a folder of markdown show notes as an RSS feed: the notes become HTML (pulldown-cmark)
//! in `content:encoded`, with the number, title, season and date podgraph finds for each episode
//! and a local transcript when one sits beside the notes. Takes the notes folder and the feed to
//! write; one show per run (the first the folder holds). Never reads or writes anything else.
//!
//! Run: `cargo run --release --example notes_to_feed -- NOTES_DIR feed.xml`
//! then `podgraph build feed.xml` gives the graph the notes give.

use std::path::PathBuf;

#[path = "common/render.rs"]
mod render;

type Error = Box<dyn std::error::Error>;

fn main() -> Result<(), Error> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [notes, feed] = args.as_slice() else {
        return Err("usage: notes_to_feed NOTES_DIR FEED.xml".into());
    };
    let inputs = [PathBuf::from(notes)];
    let built = podgraph::build(&inputs, &podgraph::Options::default(), &mut |_| {});
    let mut out = std::io::BufWriter::new(std::fs::File::create(feed)?);
    let (title, items) = render::write_feed(&built, &inputs, &mut out)?;
    eprintln!("{items} episodes of {title} → {feed}");
    Ok(())
}
