"""The dependency graph: columns by longest chain, edges left to right, links to every claim."""

import re
import xml.etree.ElementTree as ElementTree

import pytest

from reports.page.claim_graph import claim_depths, dependency_svg, layout

RESTS_ON = {"a": [], "b": ["a"], "c": ["a", "b"], "d": [], "e": ["d", "c"]}


def test_depth_is_the_longest_chain_below_a_claim():
    assert claim_depths(RESTS_ON) == {"a": 0, "b": 1, "c": 2, "d": 0, "e": 3}


def test_every_claim_is_placed_once_in_its_depth_column():
    columns = layout(RESTS_ON)
    assert sorted(claim for column in columns for claim in column) == sorted(RESTS_ON)
    assert [set(column) for column in columns] == [{"a", "d"}, {"b"}, {"c"}, {"e"}]


def test_cycle_is_reported_as_a_path():
    with pytest.raises(ValueError, match="a -> b -> a"):
        claim_depths({"a": ["b"], "b": ["a"]})


def test_svg_has_a_linked_node_per_claim_and_edges_running_left_to_right():
    svg = str(dependency_svg(RESTS_ON, {"a": "holds", "b": "refuted", "c": "error"}))
    root = ElementTree.fromstring(svg)
    namespace = "{http://www.w3.org/2000/svg}"
    links = [a.get("href") for a in root.iter(f"{namespace}a")]
    assert sorted(links) == sorted(f"#claim-{claim}" for claim in RESTS_ON)
    edges = [path.get("d") for path in root.iter(f"{namespace}path")]
    assert len(edges) == sum(len(v) for v in RESTS_ON.values())
    for edge in edges:
        start_x, end_x = float(re.match(r"M([\d.]+)", edge).group(1)), float(edge.split()[-1].split(",")[0])
        assert start_x < end_x
    assert 'class="node refuted"' in svg and 'class="node notrun"' in svg


def test_claim_ids_are_escaped_in_the_svg():
    svg = str(dependency_svg({"<b>": []}, {}))
    root = ElementTree.fromstring(svg)  # still well-formed
    assert "&lt;b&gt;" in svg
    assert [element for element in root.iter() if element.tag.endswith("}b")] == []
    assert "<b>" in "".join(root.itertext())


def test_no_claims_give_no_graph():
    assert str(dependency_svg({}, {})) == ""
