//! Eval: a gold set and a built graph in, precision, recall and F1 per entity kind out.
//!
//! The gold set is JSON Lines, one entity per line (`episode`, `kind`, `name`, `aliases`,
//! `optional`; see tests/gold/README.md). Per episode, the distinct entities linked to it through
//! its segments (`mentions`, and `presented_by` for hosts) are compared with the gold entities:
//! a prediction matches when its label equals the gold name or an alias after normalisation
//! (case-folded, letters and digits only). `organization` counts as `project`. Optional gold
//! entities neither help nor hurt. Reads no files; the caller passes text.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use crate::extract::names::squash;
use crate::extract::EntityKind;
use crate::graph::{EdgeKind, KnowledgeGraph, Node};

#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct GoldEntity {
    pub episode: u32,
    #[serde(deserialize_with = "kind_from_str")]
    pub kind: EntityKind,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub optional: bool,
}

fn kind_from_str<'de, D: serde::Deserializer<'de>>(d: D) -> Result<EntityKind, D::Error> {
    let text = String::deserialize(d)?;
    EntityKind::parse(&text)
        .ok_or_else(|| serde::de::Error::custom(format!("unknown kind {text:?}")))
}

/// Parses a gold file; an error names the line.
pub fn read_gold(text: &str) -> Result<Vec<GoldEntity>, (usize, String)> {
    let mut gold = Vec::new();
    for (index, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        gold.push(serde_json::from_str(line).map_err(|e| (index + 1, e.to_string()))?);
    }
    Ok(gold)
}

/// The kinds scored: organizations are scored as projects.
fn scored(kind: EntityKind) -> EntityKind {
    if kind == EntityKind::Organization {
        EntityKind::Project
    } else {
        kind
    }
}

/// Counts for one kind (or all kinds).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub true_positives: usize,
    pub false_positives: usize,
    pub false_negatives: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_positives,
        )
    }
    pub fn recall(&self) -> f64 {
        ratio(
            self.true_positives,
            self.true_positives + self.false_negatives,
        )
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, other: Counts) {
        self.true_positives += other.true_positives;
        self.false_positives += other.false_positives;
        self.false_negatives += other.false_negatives;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// What went wrong in one episode, for tuning.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EpisodeErrors {
    pub missed: Vec<(EntityKind, String)>,
    pub spurious: Vec<(EntityKind, String)>,
    pub wrong_kind: Vec<(String, EntityKind, EntityKind)>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Typed scores by (scored) kind.
    pub typed: BTreeMap<EntityKind, Counts>,
    pub typed_total: Counts,
    pub untyped_total: Counts,
    pub episodes: usize,
    pub errors: BTreeMap<u32, EpisodeErrors>,
}

/// One predicted entity of an episode.
#[derive(Debug, Clone)]
struct Predicted {
    kind: EntityKind,
    label: String,
}

/// The distinct entities linked to each numbered episode through its segments.
fn predictions(graph: &KnowledgeGraph) -> BTreeMap<u32, Vec<Predicted>> {
    let g = &graph.graph;
    let mut out = BTreeMap::new();
    for (episode, node) in graph.episodes() {
        let Some(number) = node.number else { continue };
        let mut seen = BTreeSet::new();
        let mut list = Vec::new();
        for (segment, _) in graph.out(episode, EdgeKind::HasSegment) {
            let linked = graph
                .out(segment, EdgeKind::Mentions)
                .into_iter()
                .chain(graph.out(segment, EdgeKind::PresentedBy));
            for (entity, _) in linked {
                if let Node::Entity(e) = &g[entity] {
                    if seen.insert(e.id.clone()) {
                        list.push(Predicted {
                            kind: e.kind,
                            label: e.label.clone(),
                        });
                    }
                }
            }
        }
        out.insert(number, list);
    }
    out
}

/// Scores the graph's episodes that the gold set covers.
pub fn score(gold: &[GoldEntity], graph: &KnowledgeGraph) -> Report {
    let mut by_episode: BTreeMap<u32, Vec<&GoldEntity>> = BTreeMap::new();
    for g in gold {
        by_episode.entry(g.episode).or_default().push(g);
    }
    let predicted = predictions(graph);
    let mut report = Report::default();
    for (episode, gold) in &by_episode {
        let Some(predicted) = predicted.get(episode) else {
            continue;
        };
        report.episodes += 1;
        let (typed, untyped, errors) = score_episode(gold, predicted);
        for (kind, counts) in typed {
            report.typed.entry(kind).or_default().add(counts);
            report.typed_total.add(counts);
        }
        report.untyped_total.add(untyped);
        report.errors.insert(*episode, errors);
    }
    report
}

fn names_of(g: &GoldEntity) -> BTreeSet<String> {
    std::iter::once(&g.name)
        .chain(&g.aliases)
        .map(|n| squash(n))
        .filter(|n| !n.is_empty())
        .collect()
}

fn score_episode(
    gold: &[&GoldEntity],
    predicted: &[Predicted],
) -> (BTreeMap<EntityKind, Counts>, Counts, EpisodeErrors) {
    let names: Vec<BTreeSet<String>> = gold.iter().map(|g| names_of(g)).collect();
    let mut typed: BTreeMap<EntityKind, Counts> = BTreeMap::new();
    let mut untyped = Counts::default();
    let mut errors = EpisodeErrors::default();
    let (mut typed_hit, mut untyped_hit) = (vec![false; gold.len()], vec![false; gold.len()]);
    for p in predicted {
        let key = squash(&p.label);
        let kind = scored(p.kind);
        let same_name: Vec<usize> = (0..gold.len())
            .filter(|&i| names[i].contains(&key))
            .collect();
        // Prefer a gold entity of the same kind that is still unmatched.
        let typed_match = same_name
            .iter()
            .copied()
            .filter(|&i| scored(gold[i].kind) == kind)
            .min_by_key(|&i| (typed_hit[i], gold[i].optional));
        match typed_match {
            Some(i) if !gold[i].optional && !typed_hit[i] => {
                typed_hit[i] = true;
                typed.entry(kind).or_default().true_positives += 1;
            }
            Some(_) => {}
            None => {
                typed.entry(kind).or_default().false_positives += 1;
                match same_name.first() {
                    Some(&i) => errors
                        .wrong_kind
                        .push((p.label.clone(), gold[i].kind, p.kind)),
                    None => errors.spurious.push((p.kind, p.label.clone())),
                }
            }
        }
        match same_name
            .iter()
            .copied()
            .min_by_key(|&i| (untyped_hit[i], gold[i].optional))
        {
            Some(i) if !gold[i].optional && !untyped_hit[i] => {
                untyped_hit[i] = true;
                untyped.true_positives += 1;
            }
            Some(_) => {}
            None => untyped.false_positives += 1,
        }
    }
    for (i, g) in gold.iter().enumerate() {
        if g.optional {
            continue;
        }
        if !typed_hit[i] {
            typed.entry(scored(g.kind)).or_default().false_negatives += 1;
            if !untyped_hit[i] {
                errors.missed.push((g.kind, g.name.clone()));
            }
        }
        if !untyped_hit[i] {
            untyped.false_negatives += 1;
        }
    }
    (typed, untyped, errors)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gold(kind: EntityKind, name: &str, aliases: &[&str], optional: bool) -> GoldEntity {
        GoldEntity {
            episode: 1,
            kind,
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            optional,
        }
    }

    fn predicted(kind: EntityKind, label: &str) -> Predicted {
        Predicted {
            kind,
            label: label.into(),
        }
    }

    #[test]
    fn matching_rules() {
        use EntityKind::*;
        let g = [
            gold(Package, "memory-profiler", &["memory_profiler"], false),
            gold(Person, "Brian Okken", &["Brian"], false),
            gold(Organization, "Zendesk", &[], false),
            gold(Project, "Python", &[], true),
            gold(Law, "Conway's Law", &[], false),
        ];
        let refs: Vec<&GoldEntity> = g.iter().collect();
        let p = [
            predicted(Package, "memory_profiler"),
            predicted(Person, "brian okken"),
            predicted(Project, "Zendesk"),
            predicted(Project, "Python"),
            predicted(Project, "Conway’s law"),
            predicted(Package, "spurious"),
        ];
        let (typed, untyped, errors) = score_episode(&refs, &p);
        // Python is optional: it neither helps nor hurts. Zendesk as project counts (organization ≡ project).
        assert_eq!(
            untyped,
            Counts {
                true_positives: 4,
                false_positives: 1,
                false_negatives: 0
            }
        );
        assert_eq!(
            typed[&Law],
            Counts {
                true_positives: 0,
                false_positives: 0,
                false_negatives: 1
            }
        );
        assert_eq!(
            typed[&Project],
            Counts {
                true_positives: 1,
                false_positives: 1,
                false_negatives: 0
            }
        );
        assert_eq!(
            errors.wrong_kind,
            vec![("Conway’s law".to_string(), Law, Project)]
        );
        assert_eq!(errors.spurious, vec![(Package, "spurious".to_string())]);
    }

    #[test]
    fn a_bad_gold_line_is_named() {
        let err = read_gold("{\"episode\": 1, \"kind\": \"person\", \"name\": \"A\"}\n{\"episode\": 2, \"kind\": \"planet\", \"name\": \"B\"}\n").unwrap_err();
        assert_eq!(err.0, 2);
        assert!(err.1.contains("planet"));
    }

    #[test]
    fn f1_of_counts() {
        let c = Counts {
            true_positives: 8,
            false_positives: 2,
            false_negatives: 8,
        };
        assert!((c.precision() - 0.8).abs() < 1e-9 && (c.recall() - 0.5).abs() < 1e-9);
        assert!((c.f1() - 0.6153846).abs() < 1e-6);
    }
}
