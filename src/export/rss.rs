//! RSS: a show and its episodes' notes (already HTML) in, an RSS 2.0 feed with the iTunes and
//! Podcasting 2.0 tags podgraph reads out.
//!
//! This is the form podcasts publish, so the same notes can be built as markdown and as a feed
//! and the two graphs compared (`examples/notes_to_feed.rs`, the corpus tests). It writes only
//! what it is given; it never renders markdown itself (the caller passes a renderer) and reads
//! no file (a transcript's path is only resolved to an absolute one).

use std::io::{self, Write};

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};

use super::xml::{start, tag, text_element};

/// The show, as a feed's channel.
#[derive(Debug, Clone, Default)]
pub struct Show {
    pub title: String,
    pub link: Option<String>,
    pub author: Option<String>,
}

/// One episode, its notes already HTML.
#[derive(Debug, Clone, Default)]
pub struct Entry {
    pub guid: String,
    pub title: String,
    pub number: Option<u32>,
    pub season: Option<u32>,
    /// RFC 2822 or RFC 3339.
    pub date: Option<String>,
    pub link: Option<String>,
    /// A local transcript's path, written as a `file:` URL.
    pub transcript: Option<String>,
    pub html: String,
}

const NAMESPACES: [(&str, &str); 3] = [
    ("xmlns:itunes", "http://www.itunes.com/dtds/podcast-1.0.dtd"),
    ("xmlns:content", "http://purl.org/rss/1.0/modules/content/"),
    ("xmlns:podcast", "https://podcastindex.org/namespace/1.0"),
];

/// Writes the feed: channel first, then each entry as an `<item>`.
pub fn write(out: &mut dyn Write, show: &Show, entries: &[Entry]) -> io::Result<()> {
    let mut w = start(out)?;
    let mut rss = vec![("version", "2.0")];
    rss.extend(NAMESPACES);
    w.write_event(Event::Start(tag("rss", &rss)))?;
    w.write_event(Event::Start(BytesStart::new("channel")))?;
    text_element(&mut w, "title", &[], &show.title)?;
    if let Some(link) = &show.link {
        text_element(&mut w, "link", &[], link)?;
    }
    if let Some(author) = &show.author {
        text_element(&mut w, "itunes:author", &[], author)?;
    }
    for entry in entries {
        w.write_event(Event::Start(BytesStart::new("item")))?;
        text_element(&mut w, "title", &[], &entry.title)?;
        text_element(&mut w, "guid", &[("isPermaLink", "false")], &entry.guid)?;
        if let Some(n) = entry.number {
            text_element(&mut w, "itunes:episode", &[], &n.to_string())?;
        }
        if let Some(season) = entry.season {
            text_element(&mut w, "itunes:season", &[], &season.to_string())?;
        }
        for (name, value) in [("pubDate", &entry.date), ("link", &entry.link)] {
            if let Some(value) = value {
                text_element(&mut w, name, &[], value)?;
            }
        }
        text_element(&mut w, "content:encoded", &[], &entry.html)?;
        if let Some(path) = &entry.transcript {
            let url = format!("file://{path}");
            let attrs = [("url", url.as_str()), ("type", "text/plain")];
            w.write_event(Event::Empty(tag("podcast:transcript", &attrs)))?;
        }
        w.write_event(Event::End(BytesEnd::new("item")))?;
    }
    w.write_event(Event::End(BytesEnd::new("channel")))?;
    w.write_event(Event::End(BytesEnd::new("rss")))?;
    w.write_event(Event::Text(BytesText::new("\n")))
}

/// One show of a build as a feed: each episode the build kept, its notes rendered by `render`
/// (markdown in, HTML out: the caller's renderer), with the number, title, season and date the
/// build found, its page (`https://SITE/episodes/SLUG`) and its transcript when one was indexed.
/// Titles carry the number ("#12: …") as published feeds do.
pub fn from_build(
    built: &crate::Built,
    corpus: &crate::ingest::Corpus,
    show: usize,
    render: &dyn Fn(&str) -> String,
) -> (Show, Vec<Entry>) {
    let profile = &built.profiles[show];
    let show_id = format!("show:{}", profile.slug());
    let documents: std::collections::HashMap<&str, &crate::ingest::Document> = corpus
        .documents
        .iter()
        .filter(|d| d.show == show)
        .map(|d| (d.source.as_str(), d))
        .collect();
    let site = profile.sites.first();
    let entries = built
        .graph
        .episodes()
        .filter(|(_, e)| e.show == show_id)
        .filter_map(|(_, e)| {
            let doc = documents.get(e.source.as_str())?;
            // The episode's page, named by its slug as a site would: the slug is the unnumbered
            // episode's identity, and what a reference by slug points at.
            let link = match (site, &doc.meta.slug) {
                (Some(site), Some(slug)) => Some(format!("https://{site}/episodes/{slug}")),
                _ => None,
            };
            let title = e.title.clone().unwrap_or_default();
            let transcript = e
                .number
                .and_then(|n| corpus.transcripts.get(&(show, n)))
                .and_then(|t| std::fs::canonicalize(&t.path).ok())
                .map(|p| p.display().to_string());
            Some(Entry {
                guid: e.id.clone(),
                title: match e.number {
                    Some(n) => format!("#{n}: {title}"),
                    None => title,
                },
                number: e.number,
                season: e.season,
                date: e.date.as_ref().map(|d| format!("{d}T00:00:00Z")),
                link,
                transcript,
                html: render(&doc.text),
            })
        })
        .collect();
    let show = Show {
        title: profile.name.clone(),
        link: profile.sites.first().map(|s| format!("https://{s}/")),
        author: None,
    };
    (show, entries)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::feed;

    #[test]
    fn a_written_feed_reads_back() {
        let show = Show {
            title: "T & co".into(),
            link: Some("https://t.example/".into()),
            author: None,
        };
        let entry = Entry {
            guid: "g1".into(),
            title: "First".into(),
            number: Some(1),
            date: Some("2024-01-02T00:00:00Z".into()),
            html: "<p>a <b>b</b> ]]> c</p>".into(),
            ..Entry::default()
        };
        let mut out = Vec::new();
        write(&mut out, &show, &[entry]).unwrap();
        let mut items = Vec::new();
        let read = feed::read_xml(out.as_slice(), "t.xml", &mut |i| items.push(i));
        assert!(read.diagnostics.is_empty(), "{:?}", read.diagnostics);
        assert_eq!(read.channel.title.as_deref(), Some("T & co"));
        assert_eq!(
            items[0].notes,
            Some(feed::Notes::Html("<p>a <b>b</b> ]]> c</p>".into()))
        );
        let meta = feed::item_meta(&items[0]);
        assert_eq!(
            (meta.number, meta.date.as_deref()),
            (Some(1), Some("2024-01-02"))
        );
    }
}
