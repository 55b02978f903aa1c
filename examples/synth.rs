//! A synthetic podcast archive, for measuring podgraph at sizes no real archive here has.
//!
//! `cargo run --release --example synth -- --episodes 100000 --out DIR [--shows 6] [--seed 1]`
//!
//! Takes a size and a seed; writes one folder per show under DIR, each in one of the layouts
//! podgraph reads (numbered files with YAML front matter, Jekyll `_posts/` dated posts with no
//! number, Hugo page bundles with TOML front matter, bare `episode-N.md` files), some with a
//! `podgraph.toml` and some left to inference. The statistics follow the Python Bytes archive as
//! built by podgraph (about 6 KB, 96 lines, 8.5 segments, 23 links and 37 mentions per episode):
//! names are drawn from podgraph's own data files with a Zipf law, and a long tail of invented
//! people and GitHub projects keeps the number of distinct entities growing with the archive,
//! as it does in real notes. The same arguments always write the same bytes. It never reads or
//! copies a real archive.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use rand::seq::SliceRandom;
use rand::{Rng, RngExt, SeedableRng};
use rand_distr::{Distribution, Zipf};
use rand_xorshift::XorShiftRng;

const USAGE: &str = "usage: synth --episodes N --out DIR [--shows K] [--seed S]";

struct Args {
    episodes: usize,
    out: PathBuf,
    shows: usize,
    seed: u64,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        episodes: 0,
        out: PathBuf::new(),
        shows: 6,
        seed: 1,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let value = it.next().ok_or(format!("{flag} needs a value\n{USAGE}"))?;
        let number = || value.parse::<u64>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--episodes" => args.episodes = number()? as usize,
            "--shows" => args.shows = number()?.max(1) as usize,
            "--seed" => args.seed = number()?,
            "--out" => args.out = PathBuf::from(&value),
            _ => return Err(format!("unknown flag {flag}\n{USAGE}")),
        }
    }
    if args.episodes == 0 || args.out.as_os_str().is_empty() {
        return Err(USAGE.to_string());
    }
    Ok(args)
}

/// A list of names drawn with a Zipf law: the first few are everywhere, most are rare.
struct Pool {
    names: Vec<String>,
    zipf: Zipf<f64>,
}

impl Pool {
    fn new(names: Vec<String>, exponent: f64) -> Pool {
        let zipf = Zipf::new(names.len().max(1) as f64, exponent).expect("a valid Zipf law");
        Pool { names, zipf }
    }

    /// The first column of one of podgraph's data files, in file order (most common first).
    /// The data files are sorted by name, so they are shuffled (with a fixed seed) first: the
    /// Zipf head would otherwise be every name starting with "a".
    fn from_data(file: &str, exponent: f64) -> Pool {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("data")
            .join(file);
        let text = fs::read_to_string(&path).unwrap_or_default();
        let mut names: Vec<String> = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split('\t').next())
            .map(str::to_string)
            .collect();
        let seed = names.len() as u64;
        names.shuffle(&mut XorShiftRng::seed_from_u64(seed));
        Pool::new(names, exponent)
    }

    fn draw(&self, rng: &mut impl Rng) -> &str {
        let rank = self.zipf.sample(rng) as usize;
        &self.names[rank.clamp(1, self.names.len()) - 1]
    }
}

/// Everything an episode is written from.
struct World {
    packages: Pool,
    projects: Pool,
    organizations: Pool,
    people: Pool,
    laws: Pool,
    given: Vec<String>,
    words: Pool,
}

/// Ordinary words for the prose around names, most frequent first.
const WORDS: &str = "the a to of and is in it for that this you with on we be new can are \
    as your at or have but not by from one all about will just more like now so out what when \
    up use there which their if some time make how get any way them its into only over also \
    than other then two first back after work very good well even most much because through \
    release version support faster feature library tool code test data file project team \
    python type api server client build cache query model docs guide talk story change idea \
    speed memory thread async error bug fix plugin config command line shell package module \
    function class object string number list table graph chart search index queue stream \
    parser format schema network request response session token user account browser page \
    theme layout widget window terminal editor debug profile benchmark deploy container cloud \
    cluster database migration backup security audit license community conference blog video \
    course book review question answer example pattern practice history future simple small \
    large quick clean nice great handy solid tiny modern classic open free";

impl World {
    fn new() -> World {
        let given =
            fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("data/given-names.txt"))
                .unwrap_or_default()
                .lines()
                .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
                .map(str::to_string)
                .collect();
        World {
            packages: Pool::from_data("packages.tsv", 1.05),
            projects: Pool::from_data("projects.tsv", 1.1),
            organizations: Pool::from_data("organizations.tsv", 1.1),
            people: Pool::from_data("people.tsv", 1.0),
            laws: Pool::from_data("laws.tsv", 1.2),
            given,
            words: Pool::new(WORDS.split_whitespace().map(str::to_string).collect(), 0.9),
        }
    }

    /// A person nobody has heard of: a real given name and an invented family name, so the
    /// number of distinct people grows with the archive.
    fn new_person(&self, rng: &mut impl Rng) -> String {
        let given = &self.given[rng.random_range(0..self.given.len().max(1))];
        format!("{given} {}", capitalized(&invented_word(rng)))
    }
}

/// A pronounceable word that is in no list.
fn invented_word(rng: &mut impl Rng) -> String {
    const ONSETS: [&str; 16] = [
        "b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "st",
    ];
    const VOWELS: [&str; 6] = ["a", "e", "i", "o", "u", "ai"];
    let syllables = rng.random_range(2..4);
    (0..syllables)
        .map(|_| {
            let onset = ONSETS[rng.random_range(0..ONSETS.len())];
            format!("{onset}{}", VOWELS[rng.random_range(0..VOWELS.len())])
        })
        .collect()
}

fn capitalized(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// How a show lays out its files.
#[derive(Clone, Copy)]
enum Layout {
    /// `042.md` with YAML front matter holding number, title, date and guests.
    Numbered,
    /// Jekyll `_posts/2019-08-08-slug.md`: dated, never numbered.
    Jekyll,
    /// Hugo `content/episodes/slug/index.md` with TOML front matter.
    Hugo,
    /// `episode-42.md` and nothing else: the title line says the rest.
    Bare,
}

const LAYOUTS: [Layout; 4] = [Layout::Numbered, Layout::Jekyll, Layout::Hugo, Layout::Bare];

struct Show {
    name: String,
    slug: String,
    hosts: [String; 2],
    layout: Layout,
    dir: PathBuf,
}

impl Show {
    fn new(index: usize, world: &World, out: &Path, rng: &mut impl Rng) -> Show {
        let word = capitalized(&invented_word(rng));
        let name = format!(
            "{word} {}",
            ["Cast", "Bytes", "Radio", "Talk", "Weekly", "FM"][index % 6]
        );
        let slug = name.to_lowercase().replace(' ', "-");
        Show {
            hosts: [world.new_person(rng), world.new_person(rng)],
            layout: LAYOUTS[index % LAYOUTS.len()],
            dir: out.join(&slug),
            name,
            slug,
        }
    }

    /// Half the shows say who they are in a profile; the rest are left to inference.
    fn write_profile(&self, index: usize) -> std::io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        if index % 2 == 1 {
            return Ok(());
        }
        let mut toml = format!(
            "name = \"{}\"\nsites = [\"{}.example\"]\n",
            self.name, self.slug
        );
        for host in &self.hosts {
            let first = host.split(' ').next().unwrap_or(host);
            let _ = write!(
                toml,
                "\n[[host]]\nname = \"{host}\"\naliases = [\"{first}\"]\n"
            );
        }
        fs::write(self.dir.join("podgraph.toml"), toml)
    }
}

/// One episode being written.
struct Episode<'a> {
    show: &'a Show,
    number: usize,
    date: String,
    title: String,
    guest: Option<String>,
}

impl Episode<'_> {
    fn slug(&self) -> String {
        self.title
            .to_lowercase()
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join("-")
    }

    fn path(&self) -> PathBuf {
        let dir = &self.show.dir;
        match self.show.layout {
            Layout::Numbered => dir.join(format!("{:03}.md", self.number)),
            Layout::Jekyll => dir
                .join("_posts")
                .join(format!("{}-{}.md", self.date, self.slug())),
            Layout::Hugo => dir
                .join("content/episodes")
                .join(self.slug())
                .join("index.md"),
            Layout::Bare => dir.join(format!("episode-{}.md", self.number)),
        }
    }

    fn front_matter(&self) -> String {
        let guests = self
            .guest
            .iter()
            .map(|g| format!("\"{g}\""))
            .collect::<Vec<_>>();
        match self.show.layout {
            Layout::Numbered => format!(
                "---\nnumber: {}\ntitle: \"{}\"\ndate: {}\nguests: [{}]\n---\n\n",
                self.number,
                self.title,
                self.date,
                guests.join(", ")
            ),
            Layout::Jekyll => format!(
                "---\ntitle: \"{}\"\ndate: {}\n---\n\n",
                self.title, self.date
            ),
            Layout::Hugo => format!(
                "+++\ntitle = \"{}\"\ndate = {}\nepisode = {}\n+++\n\n",
                self.title, self.date, self.number
            ),
            Layout::Bare => String::new(),
        }
    }
}

/// A day `n` days after 2010-01-04, as `YYYY-MM-DD`, without a date library: a synthetic
/// calendar of 12 months of 28 days is enough, as every date it writes is a valid one.
fn date_after(days: usize) -> String {
    let (year, rest) = (2010 + days / 336, days % 336);
    format!("{year:04}-{:02}-{:02}", rest / 28 + 1, rest % 28 + 1)
}

struct Writer<'a> {
    world: &'a World,
    rng: XorShiftRng,
    text: String,
}

impl Writer<'_> {
    /// `range` ordinary words: a count drawn from it, each word drawn by frequency.
    fn words(&mut self, range: std::ops::Range<usize>) -> String {
        let n = if range.len() > 1 {
            self.rng.random_range(range)
        } else {
            range.start
        };
        let words: Vec<String> = (0..n)
            .map(|_| self.world.words.draw(&mut self.rng).to_string())
            .collect();
        words.join(" ")
    }

    /// A name of some kind, with the link a show would give it about half the time.
    fn mention(&mut self) -> String {
        let rng = &mut self.rng;
        let roll: f64 = rng.random();
        let world = self.world;
        if roll < 0.30 {
            let name = world.packages.draw(rng).to_string();
            if rng.random_bool(0.5) {
                return format!("[{name}](https://pypi.org/project/{name}/)");
            }
            return format!("`{name}`");
        }
        if roll < 0.50 {
            return world.projects.draw(rng).to_string();
        }
        if roll < 0.62 {
            return world.organizations.draw(rng).to_string();
        }
        if roll < 0.72 {
            return world.people.draw(rng).to_string();
        }
        if roll < 0.82 {
            let person = world.new_person(rng);
            return person;
        }
        if roll < 0.84 {
            return world.laws.draw(rng).to_string();
        }
        let (user, repo) = (invented_word(rng), invented_word(rng));
        format!("[{repo}](https://github.com/{user}/{repo})")
    }

    fn bullet(&mut self) {
        let mentions = self.rng.random_range(0..3);
        let mut line = format!("- {}", capitalized(&self.words(4..9)));
        for _ in 0..mentions {
            let name = self.mention();
            let more = self.words(3..8);
            let _ = write!(line, " {name} {more}");
        }
        if self.rng.random_bool(0.3) {
            let _ = write!(
                line,
                " [more here](https://{}.example/{})",
                invented_word(&mut self.rng),
                invented_word(&mut self.rng)
            );
        }
        self.text.push_str(&line);
        self.text.push_str(".\n");
    }

    /// One news item, headed as the show's layout heads them: `**Anna #2:** …` in numbered
    /// notes, a `###` heading in a static site's posts.
    fn item(&mut self, layout: Layout, host: &str, index: usize) {
        let subject = self.mention();
        let title = capitalized(&self.words(3..4));
        let first = host.split(' ').next().unwrap_or(host);
        let _ = match layout {
            Layout::Numbered | Layout::Bare => {
                write!(self.text, "\n**{first} #{index}:** {subject}: {title}\n\n")
            }
            Layout::Jekyll | Layout::Hugo => write!(self.text, "\n### {subject}: {title}\n\n"),
        };
        for _ in 0..self.rng.random_range(3..7) {
            self.bullet();
        }
    }

    fn episode(&mut self, episode: &Episode) {
        self.text.clear();
        self.text.push_str(&episode.front_matter());
        let show = episode.show;
        let _ = write!(
            self.text,
            "# {} {}: {}\n\n",
            show.name, episode.number, episode.title
        );
        let hosts = &show.hosts;
        let _ = writeln!(self.text, "Hosted by {} and {}.", hosts[0], hosts[1]);
        if let Some(guest) = &episode.guest {
            let _ = writeln!(self.text, "Special guest: {guest}.");
        }
        let sponsor = self.world.organizations.draw(&mut self.rng).to_string();
        let _ = write!(
            self.text,
            "\nSponsored by [{sponsor}](https://{}.example/sponsor).\n\n## Topics\n",
            show.slug
        );
        for i in 0..self.rng.random_range(5..8) {
            self.item(show.layout, &hosts[i % 2], i + 1);
        }
        let _ = write!(self.text, "\n## Extras\n\n");
        for _ in 0..self.rng.random_range(1..4) {
            self.bullet();
        }
        let joke = self.words(12..13);
        let _ = write!(self.text, "\n## Joke\n\n{}.\n", capitalized(&joke));
    }
}

fn run(args: &Args) -> std::io::Result<()> {
    let world = World::new();
    let mut rng = XorShiftRng::seed_from_u64(args.seed);
    let shows: Vec<Show> = (0..args.shows)
        .map(|i| Show::new(i, &world, &args.out, &mut rng))
        .collect();
    for (i, show) in shows.iter().enumerate() {
        show.write_profile(i)?;
    }
    let mut writer = Writer {
        world: &world,
        rng: XorShiftRng::seed_from_u64(args.seed.wrapping_add(1)),
        text: String::with_capacity(8192),
    };
    for i in 0..args.episodes {
        let show = &shows[i % shows.len()];
        let number = i / shows.len() + 1;
        let title = capitalized(&writer.words(4..5));
        let guest = writer
            .rng
            .random_bool(0.2)
            .then(|| world.new_person(&mut writer.rng));
        let episode = Episode {
            show,
            number,
            // Daily shows: a long archive still has one episode per show per date.
            date: date_after(number),
            title: format!("{title} {}", invented_word(&mut writer.rng)),
            guest,
        };
        writer.episode(&episode);
        let path = episode.path();
        fs::create_dir_all(path.parent().expect("episode files live in a folder"))?;
        fs::write(&path, &writer.text)?;
    }
    Ok(())
}

fn main() {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            std::process::exit(2);
        }
    };
    if let Err(err) = run(&args) {
        eprintln!("synth: {}: {err}", args.out.display());
        std::process::exit(2);
    }
}
