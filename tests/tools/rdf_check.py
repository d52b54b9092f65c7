"""Reads readout's output with rdflib, software nobody on the team wrote, for the Rust tests.

    rdf_check.py graph FORMAT FILE SAMPLES   parses an export; prints its statement count (quads
                                             for dataset formats, triples otherwise) and checks
                                             every N-Quads/N-Triples line of SAMPLES is in it
    rdf_check.py results FORMAT FILE         parses SPARQL results; prints "rows vars"
    rdf_check.py shacl DATA SHAPES           validates N-Quads DATA (the union of its graphs)
                                             against SHAPES with pySHACL; prints one line per
                                             violation: focus, path, constraint component

Exit status 1 with a message on stderr when a check fails.
"""
import sys

import rdflib

DATASET = {"trig", "nquads", "json-ld"}


def load(fmt, path):
    if fmt in DATASET:
        data = rdflib.Dataset()
        data.parse(path, format=fmt)
        return data, True
    graph = rdflib.Graph()
    graph.parse(path, format=fmt)
    return graph, False


def graph_check(fmt, path, samples):
    data, dataset = load(fmt, path)
    if dataset:
        statements = set(data.quads((None, None, None, None)))
        count = len({(s, p, o, getattr(g, "identifier", g)) for s, p, o, g in statements})
    else:
        count = len(data)
    missing = []
    with open(samples, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            sample = rdflib.Dataset()
            sample.parse(data=line, format="nquads")
            for s, p, o, g in sample.quads((None, None, None, None)):
                if dataset:
                    found = bool(list(data.quads((s, p, o, g))))
                else:
                    found = (s, p, o) in data
                if not found:
                    missing.append(line)
    if missing:
        sys.exit("missing after the round trip:\n" + "\n".join(missing))
    print(count)


def results_check(fmt, path):
    with open(path, "rb") as f:
        result = rdflib.query.Result.parse(f, format=fmt)
    rows = list(result)
    print(len(rows), len(result.vars or []))


def shacl_check(data_path, shapes_path):
    import pyshacl

    data = rdflib.Dataset()
    data.parse(data_path, format="nquads")
    union = rdflib.Graph()
    for s, p, o, _ in data.quads((None, None, None, None)):
        union.add((s, p, o))
    shapes = rdflib.Graph().parse(shapes_path, format="turtle")
    _, report, _ = pyshacl.validate(union, shacl_graph=shapes, inference="none")
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    lines = []
    for result in report.subjects(rdflib.RDF.type, sh.ValidationResult):
        focus = report.value(result, sh.focusNode)
        path = report.value(result, sh.resultPath)
        component = report.value(result, sh.sourceConstraintComponent)
        lines.append(f"{focus} {path} {component}")
    for line in sorted(lines):
        print(line)


def main():
    command, *args = sys.argv[1:]
    {"graph": graph_check, "results": results_check, "shacl": shacl_check}[command](*args)


if __name__ == "__main__":
    main()
