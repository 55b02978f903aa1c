//! Graph ids in, file names of the explorer's pages out: `episode:python-bytes:122` becomes
//! `episodes/episode.python-bytes.122.html`. The mapping is injective (two ids never share a
//! file), lowercase-only (no clash on case-insensitive disks) and needs no URL escaping in an
//! href. It never touches the disk.

/// Longest file stem kept whole; longer ids are cut and end in a hash of the whole id, so the
/// name stays under every file system's 255-byte limit.
const MAX_STEM: usize = 150;
const CUT_STEM: usize = 120;

/// The page of an episode, relative to the site's root.
pub fn episode(id: &str) -> String {
    format!("episodes/{}.html", stem(id))
}

/// The page of an entity, relative to the site's root.
pub fn entity(id: &str) -> String {
    format!("entities/{}.html", stem(id))
}

/// `[a-z0-9-]` kept, `:` as `.`, every other byte as `_xx` (hex). `.` and `_` never stand for
/// themselves, so the mapping can be undone and two ids cannot meet.
pub fn stem(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for byte in id.bytes() {
        match byte {
            b'a'..=b'z' | b'0'..=b'9' | b'-' => out.push(byte as char),
            b':' => out.push('.'),
            _ => out.push_str(&format!("_{byte:02x}")),
        }
    }
    if out.len() <= MAX_STEM {
        return out;
    }
    // Every char pushed is ASCII, so any byte offset is a char boundary.
    format!("{}-{:016x}", &out[..CUT_STEM], fnv1a(id.as_bytes()))
}

/// FNV-1a, 64 bits: stable across Rust versions and platforms, unlike `DefaultHasher`.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &b| {
        (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_become_plain_lowercase_names() {
        assert_eq!(
            episode("episode:python-bytes:122"),
            "episodes/episode.python-bytes.122.html"
        );
        assert_eq!(
            entity("package:pypi:pytest"),
            "entities/package.pypi.pytest.html"
        );
        assert_eq!(stem("person:Ana_B.é"), "person._41na_5f_42_2e_c3_a9");
    }

    #[test]
    fn distinct_ids_get_distinct_names() {
        let ids = ["a:b", "a.b", "a_2eb", "A:b", "a:B", "a b", "a_20b"];
        let stems: std::collections::HashSet<String> = ids.iter().map(|i| stem(i)).collect();
        assert_eq!(stems.len(), ids.len(), "{stems:?}");
    }

    #[test]
    fn long_ids_are_cut_and_hashed() {
        let a = format!("project:{}", "x".repeat(400));
        let b = format!("project:{}y", "x".repeat(399));
        assert!(stem(&a).len() < 160);
        assert_ne!(stem(&a), stem(&b));
        assert!(stem(&a).starts_with("project.xxx"));
    }
}
