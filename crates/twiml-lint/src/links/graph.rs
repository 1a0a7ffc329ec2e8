//! The call-flow graph: documents as nodes, references between them as edges, and the loops
//! that trap a call.
//!
//! A node is a document in one context: the main flow of the call, a restricted document run
//! inside a verb (a whisper `url`), or a wait document (`waitUrl`). The same file used in two
//! contexts is two nodes, because Twilio runs it under different rules. A file that other
//! documents use only as a wait or restricted document, and that no main document leads to,
//! has no main node, because no call runs it as its own flow.
//!
//! A loop is a cycle of [`Exit::Unconditional`] edges that the call cannot leave: it goes
//! round with no one doing anything. An edge that needs caller input (`<Gather>`, `<Record>`,
//! `<Pay>`) or another party (`<Dial action>`, `<Enqueue action>`) is a way out when it leads
//! off the cycle, or to a fetched document, whose server may answer the input differently.
//! So `<Gather action="menu.xml"/>` followed by `<Redirect>` to its own document, the usual way
//! to repeat a menu, is not a loop; a cycle through such an edge is not one either. Neither is
//! a cycle through a document that dials a queue (`<Dial><Queue>`), which waits for the next
//! caller each time round: that is how an agent's call takes one caller after another. A loop
//! among wait documents is how hold music repeats, and the caller leaves it when dequeued, so
//! it is reported only when its documents do nothing but redirect, which makes Twilio fetch
//! them back to back.

use std::collections::{HashMap, HashSet, VecDeque};
use std::fmt::Write as _;

use serde::Serialize;
use twiml::Span;

use crate::links::reference::Exit;
use crate::links::verdict::Verdict;

/// Where a node's document comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    /// A local file.
    File,
    /// A fetched document.
    Remote,
    /// A URL that was not fetched (offline, no credentials, or not TwiML).
    External,
}

/// The context a document runs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeUse {
    /// The call's own flow.
    Main,
    /// Inside a verb with a restricted verb set, such as a whisper `url`.
    Restricted,
    /// A wait or hold document (`waitUrl`), which loops until an outside event.
    Wait,
}

/// A document in a context.
#[derive(Debug, Clone, Serialize)]
pub struct Node {
    /// The index in [`Graph::nodes`].
    pub id: usize,
    /// The file path or URL.
    pub label: String,
    /// Where the document comes from.
    pub kind: NodeKind,
    /// The context it runs in.
    #[serde(rename = "use")]
    pub usage: NodeUse,
    /// The verdict of the link to it, when it was checked.
    pub verdict: Option<Verdict>,
    /// Whether every verb of the document is `<Redirect>`, so a loop through it spins.
    #[serde(skip)]
    pub only_redirects: bool,
    /// Whether the document dials a queue, `<Dial><Queue>`, which waits for a caller to
    /// dequeue: a loop through it is how an agent takes one caller after another.
    #[serde(skip)]
    pub dials_queue: bool,
}

/// Where an edge's reference is reported: a local file and a span in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Origin {
    /// The index of the local file.
    pub file: usize,
    /// The span of the reference, or of the local reference that led to the remote document
    /// holding it.
    pub span: Span,
}

/// A reference from one document to another.
#[derive(Debug, Clone, Serialize)]
pub struct Edge {
    /// The referring node.
    pub from: usize,
    /// The node referred to.
    pub to: usize,
    /// The reference as TwiML writes it, such as `<Gather action>`.
    pub reference: String,
    /// How the call leaves through it.
    pub exit: Exit,
    /// Where to report a finding about it.
    #[serde(skip)]
    pub origin: Origin,
}

/// Documents and the references between them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Graph {
    /// The nodes, indexed by [`Node::id`].
    pub nodes: Vec<Node>,
    /// The edges, in the order they were found.
    pub edges: Vec<Edge>,
    #[serde(skip)]
    /// The node of each label, by use: keyed by the label alone, so that a lookup needs no
    /// owned copy of it.
    index: HashMap<String, Vec<(NodeUse, usize)>>,
    /// The edges added through [`Graph::edge`], to find a repeat in constant time.
    #[serde(skip)]
    edge_keys: HashSet<EdgeKey>,
}

/// What makes two edges the same: the nodes, the origin and the reference.
type EdgeKey = (usize, usize, Origin, String);

/// A loop, with the edge to report it at and the path it takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loop {
    /// The edge that closes the loop.
    pub edge: usize,
    /// The node labels along the loop, starting and ending at the same node.
    pub path: Vec<String>,
}

impl Graph {
    /// The node for `label` in `usage`, added when new.
    pub fn node(&mut self, label: &str, kind: NodeKind, usage: NodeUse) -> usize {
        let known = self.index.get(label).and_then(|uses| {
            uses.iter().find(|(known_usage, _)| *known_usage == usage).map(|&(_, id)| id)
        });
        if let Some(id) = known {
            return id;
        }
        let id = self.nodes.len();
        self.nodes.push(Node {
            id,
            label: label.to_owned(),
            kind,
            usage,
            verdict: None,
            only_redirects: false,
            dials_queue: false,
        });
        self.index.entry(label.to_owned()).or_default().push((usage, id));
        id
    }

    /// Adds an edge, unless the same reference between the same nodes is already there.
    pub fn edge(&mut self, edge: Edge) {
        let key = (edge.from, edge.to, edge.origin, edge.reference.clone());
        if self.edge_keys.insert(key) {
            self.edges.push(edge);
        }
    }

    /// Removes the main nodes that no call reaches, with their edges.
    ///
    /// A call enters its main flow at a document that no other document uses as a wait or
    /// restricted document. It also enters through a reference from such a document into the
    /// main flow, such as a `<Gather action>` in a wait document. Every main node reachable
    /// from those entries stays. The session starts each file of the run as a main node,
    /// because whether a later file uses it as a `waitUrl` is known only at the end. Without
    /// this step, hold music that redirects to itself would be judged as a call's own flow too.
    // NOTE: a `<Redirect>` in a wait document keeps its target in the wait context. So a file
    // that a wait document redirects to, and that is also a call's first document, loses its
    // main node unless a main document leads to it, and its main-flow loops go unreported.
    pub(crate) fn remove_unreachable_main_nodes(&mut self) {
        let reached = self.reachable_main_nodes();
        let retained: Vec<bool> =
            self.nodes.iter().map(|node| node.usage != NodeUse::Main || reached[node.id]).collect();
        if retained.iter().all(|&retain| retain) {
            return;
        }

        let mut new_id = vec![usize::MAX; self.nodes.len()];
        let nodes = std::mem::take(&mut self.nodes);
        let edges = std::mem::take(&mut self.edges);
        self.index.clear();
        self.edge_keys.clear();
        for mut node in nodes.into_iter().filter(|node| retained[node.id]) {
            new_id[node.id] = self.nodes.len();
            node.id = self.nodes.len();
            self.index.entry(node.label.clone()).or_default().push((node.usage, node.id));
            self.nodes.push(node);
        }
        for edge in edges.into_iter().filter(|edge| retained[edge.from] && retained[edge.to]) {
            self.edge(Edge { from: new_id[edge.from], to: new_id[edge.to], ..edge });
        }
    }

    /// Marks, by node id, the main nodes that a call reaches, as
    /// [`Graph::remove_unreachable_main_nodes`] defines them.
    fn reachable_main_nodes(&self) -> Vec<bool> {
        let is_main = |node: usize| self.nodes[node].usage == NodeUse::Main;

        // The documents that another document uses as a wait or restricted document.
        let used_in_context: HashSet<&str> = self
            .edges
            .iter()
            .filter(|edge| !is_main(edge.to))
            .filter(|edge| self.nodes[edge.from].label != self.nodes[edge.to].label)
            .map(|edge| self.nodes[edge.to].label.as_str())
            .collect();

        let mut reached = vec![false; self.nodes.len()];
        let mut queue = VecDeque::new();
        for node in &self.nodes {
            if node.usage == NodeUse::Main && !used_in_context.contains(node.label.as_str()) {
                reached[node.id] = true;
                queue.push_back(node.id);
            }
        }
        // A reference from a wait or restricted document into the main flow is an entry too.
        let mut successors = vec![Vec::new(); self.nodes.len()];
        for edge in self.edges.iter().filter(|edge| is_main(edge.to)) {
            if is_main(edge.from) {
                successors[edge.from].push(edge.to);
            } else if !reached[edge.to] {
                reached[edge.to] = true;
                queue.push_back(edge.to);
            }
        }

        while let Some(node) = queue.pop_front() {
            for &next in &successors[node] {
                if !reached[next] {
                    reached[next] = true;
                    queue.push_back(next);
                }
            }
        }
        reached
    }

    /// Finds the loops: strongly connected sets of unconditional edges, each reported once at
    /// the edge with the earliest origin.
    pub fn loops(&self) -> Vec<Loop> {
        let unconditional: Vec<&Edge> =
            self.edges.iter().filter(|edge| edge.exit.is_unconditional()).collect();
        let mut adjacency = vec![Vec::new(); self.nodes.len()];
        for edge in &unconditional {
            adjacency[edge.from].push(edge.to);
        }
        let components = strongly_connected(&adjacency);
        let mut component_of = vec![usize::MAX; self.nodes.len()];
        for (index, component) in components.iter().enumerate() {
            for &node in component {
                component_of[node] = index;
            }
        }

        // Each edge once: the unconditional edges inside each component, and whether a
        // component has a way out, an edge that waits for someone and leads off the cycle or to
        // a fetched document, whose server may answer the input differently.
        let mut inside: Vec<Vec<usize>> = vec![Vec::new(); components.len()];
        let mut has_way_out = vec![false; components.len()];
        for (id, edge) in self.edges.iter().enumerate() {
            let component = component_of[edge.from];
            if component == usize::MAX {
                continue;
            }
            if edge.exit.is_unconditional() && component_of[edge.to] == component {
                inside[component].push(id);
            }
            let waits = matches!(edge.exit, Exit::CallerInput | Exit::OutsideEvent);
            let leaves =
                component_of[edge.to] != component || self.nodes[edge.to].kind != NodeKind::File;
            if waits && leaves {
                has_way_out[component] = true;
            }
        }

        let mut loops = Vec::new();
        for (index, component) in components.iter().enumerate() {
            let dequeues = component.iter().any(|&node| self.nodes[node].dials_queue);
            if inside[index].is_empty() || has_way_out[index] || dequeues {
                continue;
            }
            let waits_for_an_event =
                component.iter().all(|&node| self.nodes[node].usage != NodeUse::Main);
            let spins = component.iter().all(|&node| self.nodes[node].only_redirects);
            if waits_for_an_event && !spins {
                continue;
            }
            let Some(&edge) = inside[index].iter().min_by_key(|&&id| {
                let origin = self.edges[id].origin;
                (origin.file, origin.span.start, id)
            }) else {
                continue;
            };
            loops.push(Loop { edge, path: self.path_back(edge, &adjacency, &component_of) });
        }
        loops.sort_by_key(|found| found.edge);
        loops
    }

    /// The labels from the edge's target round to its source and on to the target again.
    fn path_back(
        &self,
        edge: usize,
        adjacency: &[Vec<usize>],
        component_of: &[usize],
    ) -> Vec<String> {
        let Edge { from, to, .. } = self.edges[edge];
        let component = component_of[to];
        let mut previous: HashMap<usize, usize> = HashMap::new();
        let mut queue = VecDeque::from([to]);
        let mut seen = vec![false; self.nodes.len()];
        seen[to] = true;
        while let Some(node) = queue.pop_front() {
            if node == from {
                break;
            }
            for &next in &adjacency[node] {
                if !seen[next] && component_of[next] == component {
                    seen[next] = true;
                    previous.insert(next, node);
                    queue.push_back(next);
                }
            }
        }
        let mut path = vec![from];
        let mut current = from;
        while current != to {
            let Some(&before) = previous.get(&current) else { break };
            path.push(before);
            current = before;
        }
        path.reverse();
        path.push(to);
        path.into_iter().map(|node| self.nodes[node].label.clone()).collect()
    }

    /// The graph in Graphviz DOT.
    pub fn to_dot(&self) -> String {
        let mut out = String::from("digraph call_flow {\n  rankdir=LR;\n  node [shape=box];\n");
        for node in &self.nodes {
            let mut attributes = vec![format!("label=\"{}\"", dot_escape(&node_label(node)))];
            if node.kind == NodeKind::External {
                attributes.push("style=dashed".to_owned());
            }
            if let Some(color) = node.verdict.and_then(verdict_color) {
                attributes.push(format!("color={color}"));
            }
            let _ = writeln!(out, "  n{} [{}];", node.id, attributes.join(", "));
        }
        for edge in &self.edges {
            let style = match edge.exit {
                Exit::Unconditional => "solid",
                Exit::CallerInput => "dashed",
                Exit::OutsideEvent | Exit::Nested => "dotted",
            };
            let _ = writeln!(
                out,
                "  n{} -> n{} [label=\"{}\", style={style}];",
                edge.from,
                edge.to,
                dot_escape(&edge_label(edge))
            );
        }
        out.push_str("}\n");
        out
    }

    /// The graph as a Mermaid flowchart.
    pub fn to_mermaid(&self) -> String {
        let mut out = String::from("flowchart LR\n");
        for node in &self.nodes {
            let label = mermaid_escape(&node_label(node));
            let shape = if node.kind == NodeKind::External {
                format!("n{}([\"{label}\"])", node.id)
            } else {
                format!("n{}[\"{label}\"]", node.id)
            };
            let _ = writeln!(out, "  {shape}");
        }
        for edge in &self.edges {
            let arrow = match edge.exit {
                Exit::Unconditional => "-->",
                Exit::CallerInput | Exit::OutsideEvent | Exit::Nested => "-.->",
            };
            let _ = writeln!(
                out,
                "  n{} {arrow}|\"{}\"| n{}",
                edge.from,
                mermaid_escape(&edge_label(edge)),
                edge.to
            );
        }
        out
    }

    /// The graph as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".to_owned())
    }
}

fn node_label(node: &Node) -> String {
    let mut label = node.label.clone();
    match node.usage {
        NodeUse::Main => {}
        NodeUse::Restricted => label.push_str(" (restricted)"),
        NodeUse::Wait => label.push_str(" (wait)"),
    }
    if let Some(verdict) = node.verdict.filter(|verdict| *verdict != Verdict::Ok) {
        let _ = write!(label, " [{}]", verdict.as_str());
    }
    label
}

fn edge_label(edge: &Edge) -> String {
    match edge.exit {
        Exit::CallerInput => format!("{} (caller input)", edge.reference),
        Exit::OutsideEvent => format!("{} (outside event)", edge.reference),
        _ => edge.reference.clone(),
    }
}

fn verdict_color(verdict: Verdict) -> Option<&'static str> {
    match verdict {
        Verdict::Ok => None,
        Verdict::Unverified => Some("gray"),
        Verdict::Slow | Verdict::RateLimited => Some("orange"),
        _ => Some("red"),
    }
}

fn dot_escape(text: &str) -> String {
    text.replace('\\', "\\\\").replace('"', "\\\"")
}

fn mermaid_escape(text: &str) -> String {
    text.replace('"', "#quot;").replace('<', "#lt;").replace('>', "#gt;")
}

/// Tarjan's algorithm with an explicit stack, because a hostile set of documents may chain
/// deeper than the call stack. Returns the components in no particular order.
fn strongly_connected(adjacency: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let count = adjacency.len();
    let mut index = vec![usize::MAX; count];
    let mut lowlink = vec![0; count];
    let mut on_stack = vec![false; count];
    let mut stack = Vec::new();
    let mut components = Vec::new();
    let mut next_index = 0;

    for start in 0..count {
        if index[start] != usize::MAX {
            continue;
        }
        let mut calls: Vec<(usize, usize)> = vec![(start, 0)];
        index[start] = next_index;
        lowlink[start] = next_index;
        next_index += 1;
        stack.push(start);
        on_stack[start] = true;

        while let Some(top) = calls.last_mut() {
            let node = top.0;
            if let Some(&next) = adjacency[node].get(top.1) {
                top.1 += 1;
                if index[next] == usize::MAX {
                    index[next] = next_index;
                    lowlink[next] = next_index;
                    next_index += 1;
                    stack.push(next);
                    on_stack[next] = true;
                    calls.push((next, 0));
                } else if on_stack[next] {
                    lowlink[node] = lowlink[node].min(index[next]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                lowlink[parent] = lowlink[parent].min(lowlink[node]);
            }
            if lowlink[node] == index[node] {
                let mut component = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component.push(member);
                    if member == node {
                        break;
                    }
                }
                components.push(component);
            }
        }
    }
    components
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edge(from: usize, to: usize, exit: Exit, start: usize) -> Edge {
        Edge {
            from,
            to,
            reference: "<Redirect>".to_owned(),
            exit,
            origin: Origin { file: 0, span: Span::new(start, start + 1) },
        }
    }

    fn two_nodes() -> Graph {
        let mut graph = Graph::default();
        graph.node("a.xml", NodeKind::File, NodeUse::Main);
        graph.node("b.xml", NodeKind::File, NodeUse::Main);
        graph
    }

    #[test]
    fn redirect_pair_is_a_loop() {
        let mut graph = two_nodes();
        graph.edge(edge(0, 1, Exit::Unconditional, 10));
        graph.edge(edge(1, 0, Exit::Unconditional, 20));
        let loops = graph.loops();
        assert_eq!(loops.len(), 1);
        assert_eq!(loops[0].edge, 0);
        assert_eq!(loops[0].path, ["b.xml", "a.xml", "b.xml"]);
    }

    #[test]
    fn gather_on_the_cycle_is_a_way_out() {
        let mut graph = two_nodes();
        graph.edge(edge(0, 1, Exit::CallerInput, 10));
        graph.edge(edge(1, 0, Exit::Unconditional, 20));
        assert!(graph.loops().is_empty());
    }

    #[test]
    fn menu_repeated_by_self_redirect_is_not_a_loop() {
        let mut graph = two_nodes();
        graph.edge(edge(0, 1, Exit::CallerInput, 10));
        graph.edge(edge(0, 0, Exit::Unconditional, 20));
        assert!(graph.loops().is_empty());
    }

    #[test]
    fn input_leading_back_into_a_static_loop_is_no_way_out() {
        let mut graph = two_nodes();
        graph.edge(edge(0, 0, Exit::CallerInput, 10));
        graph.edge(edge(0, 0, Exit::Unconditional, 20));
        assert_eq!(graph.loops().len(), 1);
        graph.nodes[0].kind = NodeKind::Remote;
        assert!(graph.loops().is_empty(), "a server may answer the input differently");
    }

    #[test]
    fn self_redirect_is_a_loop() {
        let mut graph = two_nodes();
        graph.edge(edge(0, 0, Exit::Unconditional, 5));
        let loops = graph.loops();
        assert_eq!(loops.len(), 1);
        assert_eq!(loops[0].path, ["a.xml", "a.xml"]);
    }

    #[test]
    fn wait_music_loop_is_not_reported_unless_it_spins() {
        let mut graph = Graph::default();
        let wait = graph.node("hold.xml", NodeKind::File, NodeUse::Wait);
        graph.edge(edge(wait, wait, Exit::Unconditional, 5));
        assert!(graph.loops().is_empty());
        graph.nodes[wait].only_redirects = true;
        assert_eq!(graph.loops().len(), 1);
    }

    /// A conference whose wait document plays and redirects to itself, with that document
    /// also added as a main node of its own: nodes join, wait (wait) and wait (main).
    fn hold_music() -> Graph {
        let mut graph = Graph::default();
        let join = graph.node("join.xml", NodeKind::File, NodeUse::Main);
        let wait = graph.node("wait.xml", NodeKind::File, NodeUse::Wait);
        let main_wait = graph.node("wait.xml", NodeKind::File, NodeUse::Main);
        graph.edge(edge(join, wait, Exit::Nested, 5));
        graph.edge(edge(wait, wait, Exit::Unconditional, 30));
        graph.edge(edge(main_wait, main_wait, Exit::Unconditional, 30));
        graph
    }

    #[test]
    fn main_node_of_a_wait_document_removed() {
        let mut graph = hold_music();
        assert_eq!(graph.loops().len(), 1, "the main node closes a loop before");
        graph.remove_unreachable_main_nodes();
        let nodes: Vec<(usize, &str, NodeUse)> =
            graph.nodes.iter().map(|node| (node.id, node.label.as_str(), node.usage)).collect();
        assert_eq!(nodes, [(0, "join.xml", NodeUse::Main), (1, "wait.xml", NodeUse::Wait)]);
        let edges: Vec<(usize, usize)> = graph.edges.iter().map(|e| (e.from, e.to)).collect();
        assert_eq!(edges, [(0, 1), (1, 1)]);
        assert!(graph.loops().is_empty());
        assert_eq!(graph.node("wait.xml", NodeKind::File, NodeUse::Wait), 1, "index rebuilt");
    }

    #[test]
    fn main_node_reached_from_an_entry_kept() {
        let mut graph = hold_music();
        let menu = graph.node("menu.xml", NodeKind::File, NodeUse::Main);
        graph.edge(edge(menu, 2, Exit::Unconditional, 50));
        graph.remove_unreachable_main_nodes();
        assert_eq!(graph.nodes.len(), 4);
        assert_eq!(graph.loops().len(), 1);
    }

    #[test]
    fn main_node_entered_from_a_wait_document_kept() {
        let mut graph = hold_music();
        graph.edge(edge(1, 2, Exit::CallerInput, 20));
        graph.remove_unreachable_main_nodes();
        assert_eq!(graph.nodes.len(), 3);
        assert_eq!(graph.loops().len(), 1, "a key press leads into the loop");
    }

    #[test]
    fn wait_cycle_loses_its_main_nodes() {
        let mut graph = Graph::default();
        let join = graph.node("join.xml", NodeKind::File, NodeUse::Main);
        let [a, b] =
            ["a.xml", "b.xml"].map(|label| graph.node(label, NodeKind::File, NodeUse::Wait));
        let [main_a, main_b] =
            ["a.xml", "b.xml"].map(|label| graph.node(label, NodeKind::File, NodeUse::Main));
        graph.edge(edge(join, a, Exit::Nested, 5));
        graph.edge(edge(a, b, Exit::Unconditional, 30));
        graph.edge(edge(b, a, Exit::Unconditional, 60));
        graph.edge(edge(main_a, main_b, Exit::Unconditional, 30));
        graph.edge(edge(main_b, main_a, Exit::Unconditional, 60));
        graph.remove_unreachable_main_nodes();
        assert_eq!(graph.nodes.len(), 3);
        assert!(graph.nodes.iter().skip(1).all(|node| node.usage == NodeUse::Wait));
        assert!(graph.loops().is_empty());
    }

    #[test]
    fn main_cycle_keeps_its_main_nodes() {
        let mut graph = two_nodes();
        graph.edge(edge(0, 1, Exit::Unconditional, 10));
        graph.edge(edge(1, 0, Exit::Unconditional, 20));
        graph.remove_unreachable_main_nodes();
        assert_eq!(graph.nodes.len(), 2);
        assert_eq!(graph.loops().len(), 1);
    }

    #[test]
    fn renderings_name_every_node_and_edge() {
        let mut graph = two_nodes();
        graph.edge(edge(0, 1, Exit::CallerInput, 10));
        let dot = graph.to_dot();
        assert!(dot.contains("n0 [label=\"a.xml\"]"), "{dot}");
        assert!(
            dot.contains("n0 -> n1 [label=\"<Redirect> (caller input)\", style=dashed]"),
            "{dot}"
        );
        let mermaid = graph.to_mermaid();
        assert!(mermaid.contains("n0 -.->|\"#lt;Redirect#gt; (caller input)\"| n1"), "{mermaid}");
        let json: serde_json::Value = serde_json::from_str(&graph.to_json()).expect("valid JSON");
        assert_eq!(json["edges"][0]["exit"], "caller-input");
        assert_eq!(json["nodes"][1]["label"], "b.xml");
    }

    #[test]
    fn long_chains_do_not_overflow() {
        let mut graph = Graph::default();
        let count = 100_000;
        for index in 0..count {
            graph.node(&format!("n{index}"), NodeKind::Remote, NodeUse::Main);
        }
        for index in 0..count {
            graph.edges.push(edge(index, (index + 1) % count, Exit::Unconditional, index));
        }
        assert_eq!(graph.loops().len(), 1);
    }
}
