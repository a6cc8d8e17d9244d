//! Writing a file: each style's head, table of contents and ideas, as markdown.

use super::content::{Content, Gen, Mentor};
use super::vocab::{not_a_label, pick, Project, Vocab, Weighted};
use super::{FilePlan, Spec, Style, TERM_FOLDERS, TERM_MONTHS};
use anyhow::Result;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;

const SIZES: [&str; 6] = [
    "small (~90 hour projects)",
    "medium (~175 hour projects)",
    "large (~350 hour projects)",
    "medium",
    "large",
    "small",
];

const SIGS: [&str; 8] = [
    "SIG Storage",
    "SIG Node",
    "SIG Cluster Lifecycle",
    "SIG Network",
    "SIG Scheduling",
    "SIG Docs",
    "SIG Apps",
    "SIG Instrumentation",
];

pub(super) fn seed_of(spec_seed: u64, index: u64) -> u64 {
    // splitmix64 of the pair.
    let mut z = spec_seed ^ index.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// GitHub's heading anchor: lowercase, punctuation dropped, spaces as `-`.
fn anchor(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Wraps `text` after about `width` bytes on words that start with a letter
/// (so a line never starts a list, a heading or a label); `indent` starts the
/// continuation lines.
fn wrapped(text: &str, width: usize, indent: &str, out: &mut String) {
    let mut col = 0;
    for (i, w) in text.split(' ').enumerate() {
        if i > 0 {
            if col >= width && w.starts_with(char::is_alphabetic) && not_a_label(w) {
                out.push('\n');
                out.push_str(indent);
                col = 0;
            } else {
                out.push(' ');
            }
        }
        out.push_str(w);
        col += w.len() + 1;
    }
}

/// Renders one file chunk by chunk (its head, then one chunk per project):
/// `emit` receives each chunk, which starts at a heading after a blank line.
pub(super) fn render_file(
    v: &Vocab,
    spec: Spec,
    p: &FilePlan,
    emit: &mut dyn FnMut(&str) -> Result<()>,
) -> Result<()> {
    let mut g = Gen {
        v,
        rng: ChaCha8Rng::seed_from_u64(seed_of(spec.seed, p.index)),
    };
    let counts = idea_counts(&mut g, p);
    let sections = sections(&mut g, counts);

    let mut head = String::new();
    write_head(&mut g, p, &sections, &mut head);
    emit(&head)?;

    let mut chunk = String::new();
    for (i, titles) in sections {
        chunk.clear();
        write_project(&mut g, p, &v.projects[i], titles, &mut chunk);
        emit(&chunk)?;
    }
    Ok(())
}

/// Ideas per project of this file (by index in the vocabulary's projects):
/// most projects, weighted by their corpus share times a per-file factor, so
/// shares drift from term to term.
fn idea_counts(g: &mut Gen, p: &FilePlan) -> BTreeMap<usize, usize> {
    let v = g.v;
    let mut active: Vec<(usize, u64)> = vec![];
    for (i, pr) in v.projects.iter().enumerate() {
        if g.chance(0.75) {
            active.push((i, pr.weight * u64::from(50 + g.below(101))));
        }
    }
    if active.is_empty() {
        active.push((g.below(v.projects.len() as u32) as usize, 1));
    }
    let weighted = Weighted::new(active.clone());
    let mut counts: BTreeMap<usize, usize> = BTreeMap::new();
    for _ in 0..p.ideas {
        *counts.entry(*weighted.pick(&mut g.rng)).or_default() += 1;
    }
    // GSoC 2018's shape is Kubernetes grouped by SIG: such a file always
    // has Kubernetes ideas (one taken from the largest project if need be).
    let kubernetes = v.projects.iter().position(|pr| pr.name == "Kubernetes");
    if let (Style::Gsoc2018, Some(k)) = (p.style, kubernetes) {
        let largest = counts
            .iter()
            .max_by_key(|&(_, n)| *n)
            .map(|(&i, &n)| (i, n));
        if let (false, Some((i, n))) = (counts.contains_key(&k), largest) {
            if n > 1 {
                counts.insert(i, n - 1);
                counts.insert(k, 1);
            }
        }
    }
    counts
}

/// Projects in TOC order (case-insensitive by name), each with the titles
/// of its ideas (unique within the project).
fn sections(g: &mut Gen, counts: BTreeMap<usize, usize>) -> Vec<(usize, Vec<String>)> {
    let v = g.v;
    let mut order: Vec<(usize, usize)> = counts.into_iter().collect();
    order.sort_by_key(|&(i, _)| (v.projects[i].name.to_lowercase(), i));
    let mut sections: Vec<(usize, Vec<String>)> = vec![];
    for &(i, n) in &order {
        let mut seen = HashSet::new();
        let titles = (0..n)
            .map(|_| g.title(&v.projects[i].name, &mut seen))
            .collect();
        sections.push((i, titles));
    }
    sections
}

/// One project's section: its heading, now and then an intro line (GSoC
/// 2017-2022), then its ideas, drawing their mentors from one roster;
/// Kubernetes in GSoC 2017-2018 in runs under SIG headings.
fn write_project(
    g: &mut Gen,
    p: &FilePlan,
    project: &Project,
    titles: Vec<String>,
    chunk: &mut String,
) {
    let (plevel, ilevel) = p.style.levels();
    let _ = write!(chunk, "{} {}\n\n", "#".repeat(plevel), project.name);
    if matches!(p.style, Style::Gsoc2019 | Style::Gsoc2018 | Style::Gsoc2022) && g.chance(0.3) {
        let intro = match g.below(3) {
            0 => format!("{} ideas:", project.name),
            1 => format!(
                "For any questions, please reach out to the {} maintainers on the CNCF slack.",
                project.name
            ),
            _ => format!("{} is a CNCF project: {}", project.name, project.repos[0]),
        };
        let _ = write!(chunk, "{intro}\n\n");
    }
    let roster: Vec<Mentor> = (0..2 + g.below(5)).map(|_| g.mentor()).collect();
    let grouped = p.style == Style::Gsoc2018 && project.name == "Kubernetes";
    let mut group = usize::MAX;
    for title in titles {
        let c = g.content(title, project, roster.len(), p.style);
        let mut level = ilevel;
        if grouped {
            // Runs of ideas under one SIG heading.
            if group == usize::MAX || g.chance(0.3) {
                let next = g.below(SIGS.len() as u32) as usize;
                if next != group {
                    group = next;
                    let _ = write!(chunk, "{} {}\n\n", "#".repeat(ilevel), SIGS[group]);
                }
            }
            level = ilevel + 1;
        }
        write_idea(g, p, project, &roster, &c, level, chunk);
    }
}

fn toc(sections: &[(usize, Vec<String>)], v: &Vocab, bullet: char, out: &mut String) {
    for (i, titles) in sections {
        let name = &v.projects[*i].name;
        let _ = writeln!(out, "{bullet} [{name}](#{})", anchor(name));
        for t in titles {
            let _ = writeln!(out, "  * [{t}](#{})", anchor(t));
        }
    }
}

const LFX_TEMPLATE: &str = "```
### CNCF Project Name

#### Mentorship project Title

- Description:
- Expected Outcome:
- Recommended Skills:
- Mentor(s):
  - Mentor Name (@mentor_github, mentor@email.addy) - please use the same email address as you use on the LFX Mentorship Platform at https://mentorship.lfx.linuxfoundation.org
- Upstream Issue:

```
";

const GSOC_TEMPLATE: &str = "```
#### CNCF Project Name

##### Project Title

- Description:
- Expected Outcome:
- Recommended Skills:
- Expected project size: # one of small (~90 hour projects), medium (~175 hour projects) and large (~350 hour projects)
- Mentor(s): #For GSoC, it is **required** to have at least 2 mentors with 1 being a primary mentor.
  - Jane Doe (@jane-github, jane@email.address) - primary
  - John Doe (@john-github, john@email.address)
- Upstream Issue (URL):
```
";

/// The file's head in its style: title, instructions, template or
/// timeline, table of contents, down to the first project heading.
fn write_head(g: &mut Gen, p: &FilePlan, sections: &[(usize, Vec<String>)], out: &mut String) {
    let y = p.year;
    match p.style {
        Style::LfxAccepted | Style::LfxLinked => lfx_head(g.v, p, sections, out),
        Style::LfxProposed => {
            let t = p.term.unwrap_or(1) as usize;
            let months = TERM_MONTHS[t - 1];
            let _ = write!(
                out,
                "# LFX Mentorship {y} Term {t} ({months}): Project Ideas\n\n## Template\n\n{LFX_TEMPLATE}\n---\n\n## Proposed Project ideas\n\n"
            );
        }
        Style::Gsoc2018 | Style::Gsoc2019 => setext_head(y, out),
        Style::Gsoc2022 => {
            let _ = write!(
                out,
                "# CNCF Google Summer of Code {y} Ideas\n\n\
                 If you are a project maintainer and consider mentoring during the GSoC {y} cycle, please submit your ideas below using the template in [PROJECT_IDEA_TEMPLATE.md](../../PROJECT_IDEA_TEMPLATE.md).\n\n\
                 ## Table of Contents\n\n"
            );
            toc(sections, g.v, '*', out);
            out.push('\n');
        }
        Style::Gsoc2025 => {
            let _ = write!(
                out,
                "# Google Summer of Code {y}\n\n## Project Ideas\n\n\
                 If you are a project maintainer and consider mentoring during the GSoC {y} cycle, please, submit your ideas below using the template.\n\n\
                 [Google summer of code timeline](https://developers.google.com/open-source/gsoc/timeline).\n\n\
                 You can find the project ideas from previous year [here](./{}.md).\n\n---\n\n### Template\n\n{GSOC_TEMPLATE}\n---\n\n## Ideas\n\n<!-- TOC -->\n",
                y - 1
            );
            toc(sections, g.v, '*', out);
            out.push_str("<!-- TOC -->\n\n");
        }
    }
}

/// LFX accepted and linked-title heads: term title, status, timeline,
/// instructions; a table of contents in accepted lists.
fn lfx_head(v: &Vocab, p: &FilePlan, sections: &[(usize, Vec<String>)], out: &mut String) {
    let y = p.year;
    let t = p.term.unwrap_or(1) as usize;
    let months = TERM_MONTHS[t - 1];
    let folder = TERM_FOLDERS[t - 1];
    let status = if y >= 2026 {
        "In progress"
    } else {
        "Completed"
    };
    let _ = write!(
        out,
        "# Term 0{t} - {y} {months}\n\nStatus: {status}\n\n\
         Mentorship duration - three months (12 weeks - full-time schedule)\n\n"
    );
    let _ = write!(
        out,
        "### Timeline\n\n| activity | date |\n| --- | --- |\n\
         | project proposals | {y}, week 1 |\n\
         | mentee applications open | {y}, weeks 2-3 |\n\
         | application review/admission decisions | {y}, weeks 4-5 |\n\
         | Mentorship program begins with the initial work assignments | {y}, week 6 |\n\
         | Midterm mentee evaluations and first stipend payments | {y}, week 12 |\n\
         | Last day of term | {y}, week 18 |\n\n"
    );
    let _ = write!(
        out,
        "### Project Instructions\n\n\
         Project maintainers and potential mentors are welcome to propose their mentoring project ideas via submitting a PR to GitHub here https://github.com/cncf/mentoring/blob/main/programs/lfx-mentorship/{y}/{folder}/project_ideas.md.\n\n\
         ### Application instructions\n\n\
         Mentee application instructions can be found on the [Program Guidelines](https://github.com/cncf/mentoring/blob/main/programs/lfx-mentorship/README.md#program-guidelines) page.\n\n---\n\n"
    );
    if p.style == Style::LfxAccepted {
        out.push_str("## Table of Contents\n\n");
        toc(sections, v, '-', out);
        out.push_str("\n---\n\n## Accepted projects\n\n");
    } else {
        out.push_str("## Accepted Projects\n\n");
    }
}

/// GSoC 2017-2020 heads: setext (`===`, `---`) headings, no table of contents.
fn setext_head(y: u16, out: &mut String) {
    let title = format!("CNCF + Google Summer of Code {y}");
    let _ = write!(
        out,
        "{title}\n{}\n\n\
         The Cloud Native Computing Foundation participates in [Google Summer of Code](https://summerofcode.withgoogle.com/) (GSoC). CNCF is a great place to spend a summer learning, coding, participating and contributing.\n\n\
         Organization Admins\n-------------------\n\n\
         If you need help with anything CNCF + Summer of code related, you can file an issue or contact one of the admins.\n\n\
         Current Year\n------------\n\n\
         CNCF is applying as a mentoring organization for Google Summer of Code {y}.\n\n\
         ### Timeline\n\n\
         Please, check out the official [GSoC program timeline for {y}](https://developers.google.com/open-source/gsoc/timeline).\n\n\
         Project Ideas\n-------------\n\n\
         Please, submit your ideas below using the [template](/PROJECT_IDEA_TEMPLATE.md).\n\n",
        "=".repeat(title.len())
    );
}

/// Writes one idea (heading, fields, a blank line after) in the file's style,
/// with per-idea variants of the real lists.
fn write_idea(
    g: &mut Gen,
    p: &FilePlan,
    project: &Project,
    roster: &[Mentor],
    c: &Content,
    level: usize,
    out: &mut String,
) {
    let hashes = "#".repeat(level);
    match p.style {
        Style::LfxAccepted | Style::LfxProposed | Style::LfxLinked | Style::Gsoc2025 => {
            dash_idea(g, p, project, roster, c, &hashes, out)
        }
        Style::Gsoc2018 | Style::Gsoc2019 => tab_idea(g, p.style, roster, c, &hashes, out),
        Style::Gsoc2022 => bold_idea(g, roster, c, &hashes, out),
    }
}

/// `Name (@handle, email)`.
fn mentor_full(m: &Mentor) -> String {
    format!("{} (@{}, {})", m.name, m.handle, m.email)
}

/// The description's paragraphs (blank line and `indent` between them), 15
/// ideas in 100 soft-wrapped at 160 bytes, then a newline.
fn description(g: &mut Gen, c: &Content, indent: &str, out: &mut String) {
    let soft_wrap = g.chance(0.15);
    for (k, para) in c.description.iter().enumerate() {
        if k > 0 {
            let _ = write!(out, "\n\n{indent}");
        }
        if soft_wrap {
            wrapped(para, 160, indent, out);
        } else {
            out.push_str(para);
        }
    }
    out.push('\n');
}

/// The `- Label: value` lists of LFX and GSoC 2023-2026: heading (a link in
/// LFX linked titles), description, outcome, skills, size (GSoC), mentors,
/// upstream issues, LFX URL (LFX accepted and proposed).
fn dash_idea(
    g: &mut Gen,
    p: &FilePlan,
    project: &Project,
    roster: &[Mentor],
    c: &Content,
    hashes: &str,
    out: &mut String,
) {
    let gsoc = p.style == Style::Gsoc2025;
    if p.style == Style::LfxLinked {
        let _ = write!(
            out,
            "{hashes} [{}]({})\n\nCNCF - {}: {} ({} Term {})\n\n",
            c.title,
            c.lfx_url,
            project.name,
            c.title,
            p.year,
            p.term.unwrap_or(1)
        );
    } else {
        let _ = write!(out, "{hashes} {}\n\n", c.title);
    }
    if p.style == Style::LfxProposed && g.chance(0.1) {
        return loose_idea(g, c, roster, out);
    }
    out.push_str("- Description: ");
    description(g, c, "  ", out);
    dash_outcome(g, p.style, c, out);
    if g.chance(0.25) {
        out.push_str("- Recommended Skills:\n");
        for s in &c.skills {
            let _ = writeln!(out, "  - {s}");
        }
    } else {
        let _ = writeln!(out, "- Recommended Skills: {}", c.skills.join(", "));
    }
    if gsoc {
        let _ = writeln!(out, "- Expected project size: {}", pick(&mut g.rng, &SIZES));
    }
    dash_mentors(g, gsoc, roster, c, out);
    let label = match p.style {
        Style::LfxAccepted | Style::Gsoc2025 => "Upstream Issue (URL)",
        _ => "Upstream Issue",
    };
    let _ = writeln!(out, "- {label}: {}", c.issues.join(", "));
    match p.style {
        Style::LfxAccepted => {
            let _ = writeln!(out, "- LFX URL: {}", c.lfx_url);
        }
        Style::LfxProposed => out.push_str("- LFX URL: \n"),
        _ => {}
    }
    out.push('\n');
}

/// `- Expected Outcome:` (or a variant label) inline, or as a nested list
/// (more often in GSoC) when there is more than one sentence.
fn dash_outcome(g: &mut Gen, style: Style, c: &Content, out: &mut String) {
    let label = match g.below(8) {
        0 => "Expected outcome",
        1 if style == Style::LfxLinked => "Expected Outcome(s)",
        _ => "Expected Outcome",
    };
    let gsoc = style == Style::Gsoc2025;
    let nested = c.outcome.len() > 1 && g.chance(if gsoc { 0.8 } else { 0.5 });
    if nested {
        let indent = if g.chance(0.3) { "    " } else { "  " };
        let _ = writeln!(out, "- {label}:");
        for s in &c.outcome {
            let _ = writeln!(out, "{indent}- {s}");
        }
    } else {
        let _ = writeln!(out, "- {label}: {}", c.outcome.join(" "));
    }
}

/// `- Mentor(s):` (or a variant label) over one item per mentor: in full, a
/// short comma form now and then (not GSoC), the first one `- primary` in GSoC.
fn dash_mentors(g: &mut Gen, gsoc: bool, roster: &[Mentor], c: &Content, out: &mut String) {
    let label = match g.below(10) {
        0 => "Mentors:",
        1 => "Mentors",
        _ => "Mentor(s):",
    };
    let _ = writeln!(out, "- {label}");
    let short = !gsoc && g.chance(0.15);
    for (k, &m) in c.mentors.iter().enumerate() {
        let m = &roster[m];
        if short {
            let _ = writeln!(out, "  - {}, {}, {}", m.name, m.handle, m.email);
        } else if gsoc && k == 0 {
            let _ = writeln!(out, "  - {} - primary", mentor_full(m));
        } else {
            let _ = writeln!(out, "  - {}", mentor_full(m));
        }
    }
}

/// GSoC 2017-2020: `-<TAB>Label:` fields (bold labels in 2017-2018, now and
/// then `- ` in 2019-2020), inline mentors `Name (@handle)`, issues ` , `-separated.
fn tab_idea(
    g: &mut Gen,
    style: Style,
    roster: &[Mentor],
    c: &Content,
    hashes: &str,
    out: &mut String,
) {
    let bold = style == Style::Gsoc2018;
    let dash = if !bold && g.chance(0.3) { "- " } else { "-\t" };
    let label = |l: &str| {
        if bold {
            format!("{dash}**{l}**:")
        } else {
            format!("{dash}{l}:")
        }
    };
    let _ = write!(out, "{hashes} {}\n\n{} ", c.title, label("Description"));
    if c.description.len() > 1 && bold {
        // A second paragraph as an indented continuation line.
        let _ = write!(out, "{}\n\t{}\n", c.description[0], c.description[1]);
    } else {
        let _ = writeln!(out, "{}", c.description.join(" "));
    }
    if !c.outcome.is_empty() {
        let _ = writeln!(out, "{} {}", label("Expected Outcome"), c.outcome.join(" "));
    }
    if bold && g.chance(0.3) {
        let _ = writeln!(out, "{}", label("Recommended Skills"));
        for s in &c.skills {
            let _ = writeln!(out, "\t-\t{s}");
        }
    } else {
        let _ = writeln!(
            out,
            "{} {}",
            label("Recommended Skills"),
            c.skills.join(", ")
        );
    }
    let mentors: Vec<String> = c
        .mentors
        .iter()
        .map(|&m| format!("{} (@{})", roster[m].name, roster[m].handle))
        .collect();
    let _ = writeln!(out, "{} {}", label("Mentor(s)"), mentors.join(", "));
    let _ = writeln!(out, "{} {}\n", label("Issue"), c.issues.join(" , "));
}

/// GSoC 2021-2022: labels as bold paragraphs, outcome, mentors and issues as lists.
fn bold_idea(g: &mut Gen, roster: &[Mentor], c: &Content, hashes: &str, out: &mut String) {
    let _ = write!(out, "{hashes} {}\n\n**Description**\n\n", c.title);
    for para in &c.description {
        let _ = write!(out, "{para}\n\n");
    }
    out.push_str("**Expected Outcome**\n\n");
    for s in &c.outcome {
        let _ = writeln!(out, "- {s}");
    }
    let skills = if g.chance(0.5) {
        "Technologies"
    } else {
        "Recommended Skills"
    };
    let _ = write!(
        out,
        "\n**{skills}**: {}\n\n**Expected project size**: {}\n\n**Potential Mentors**\n\n",
        c.skills.join(", "),
        pick(&mut g.rng, &SIZES[..3])
    );
    for &m in &c.mentors {
        let _ = writeln!(out, "- {}", mentor_full(&roster[m]));
    }
    out.push_str("\n**Relevant Issues**\n\n");
    for u in &c.issues {
        let _ = writeln!(out, "- {u}");
    }
    out.push('\n');
}

/// The loose variant of LFX 2025 term 3 (Harbor): blank lines between
/// fields, `*` items, and a bold `* **Upstream Issue:**` label over a nested item.
fn loose_idea(g: &mut Gen, c: &Content, roster: &[Mentor], out: &mut String) {
    let _ = write!(out, "- Description: {}\n\n", c.description.join(" "));
    out.push_str("- Expected Outcome:\n");
    for s in &c.outcome {
        let _ = writeln!(out, "  * {s}");
    }
    out.push_str("\n- Recommended Skills:\n");
    for s in &c.skills {
        let _ = writeln!(out, "  * {s}");
    }
    out.push_str("\n- Mentor(s):\n");
    for &m in &c.mentors {
        let m = &roster[m];
        let _ = writeln!(out, "  * {} (@{}, {})", m.name, m.handle, m.email);
    }
    out.push_str("\n* **Upstream Issue:**\n");
    for u in &c.issues {
        let _ = writeln!(out, "  - Upstream Issue: {u}");
    }
    out.push_str(if g.chance(0.5) { "\n\n" } else { "\n" });
}
