//! The top-k collector every ranked list uses: by score, ties in corpus order.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

/// Collects the top `limit` documents after `offset`, by score descending,
/// equal scores in corpus order (the `order` fast field, lowest first): without
/// it, ties came out in whatever order the writer's threads split the documents.
///
/// Fruit: `(score, address)` pairs, best first, at most `limit`.
///
/// Unlike tantivy's `TopDocs::tweak_score`, which computes the sort key of
/// every match, `order` is read only for a document that would enter the
/// heap: a 100k-idea query matches thousands of documents, and reading the
/// column for each was 9% of a search process (perf).
pub struct Ranked {
    limit: usize,
    offset: usize,
}

impl Ranked {
    /// `limit` hits after skipping the best `offset`.
    pub fn new(limit: usize, offset: usize) -> Ranked {
        Ranked { limit, offset }
    }
}

/// A segment's candidate hit; `Ord` puts the better one first (higher
/// score, then lower order).
#[derive(Clone, Copy)]
pub struct Candidate {
    score: Score,
    order: u64,
    addr: DocAddress,
}

impl Ord for Candidate {
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .score
            .total_cmp(&self.score)
            .then(self.order.cmp(&other.order))
    }
}

impl PartialOrd for Candidate {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Candidate {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Candidate {}

/// One segment's share: a max-heap by `Candidate`'s order, so its top is the
/// worst kept candidate, the one a better document replaces.
pub struct RankedSegment {
    keep: usize,
    segment: SegmentOrdinal,
    order: Option<Column<u64>>,
    heap: BinaryHeap<Candidate>,
}

impl Collector for Ranked {
    type Fruit = Vec<(Score, DocAddress)>;
    type Child = RankedSegment;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<RankedSegment> {
        let keep = self.limit.saturating_add(self.offset);
        Ok(RankedSegment {
            keep,
            segment,
            order: reader.fast_fields().u64("order").ok(),
            heap: BinaryHeap::with_capacity(keep.min(1024)),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, segments: Vec<Vec<Candidate>>) -> tantivy::Result<Self::Fruit> {
        let mut all: Vec<Candidate> = segments.into_iter().flatten().collect();
        all.sort_unstable();
        Ok(all
            .into_iter()
            .skip(self.offset)
            .take(self.limit)
            .map(|c| (c.score, c.addr))
            .collect())
    }
}

impl SegmentCollector for RankedSegment {
    type Fruit = Vec<Candidate>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.keep == 0 {
            return;
        }
        let full = self.heap.len() == self.keep;
        // Strictly worse than the worst kept: no need to read `order`.
        if full && self.heap.peek().is_some_and(|worst| score < worst.score) {
            return;
        }
        let order = self
            .order
            .as_ref()
            .and_then(|c| c.first(doc))
            .unwrap_or(u64::MAX);
        let c = Candidate {
            score,
            order,
            addr: DocAddress::new(self.segment, doc),
        };
        if !full {
            self.heap.push(c);
        } else if let Some(mut worst) = self.heap.peek_mut() {
            if c < *worst {
                *worst = c;
            }
        }
    }

    fn harvest(self) -> Vec<Candidate> {
        self.heap.into_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(score: f32, order: u64) -> Candidate {
        Candidate {
            score,
            order,
            addr: DocAddress::new(0, order as u32),
        }
    }

    #[test]
    fn better_sorts_first_and_ties_go_to_corpus_order() {
        let mut v = [c(1.0, 5), c(2.0, 9), c(1.0, 2), c(2.0, 3)];
        v.sort_unstable();
        let got: Vec<(f32, u64)> = v.iter().map(|c| (c.score, c.order)).collect();
        assert_eq!(got, vec![(2.0, 3), (2.0, 9), (1.0, 2), (1.0, 5)]);
    }
}
