"""Puts several trained plate readers (train.py's ONNX files) side by side in one ONNX file: the same
input ("crops"), each network's outputs concatenated into "logits". The engine
(src/PlateWeb.Recognition/Ocr/PlateReader.cs) counts the members by the output size and reads with
them as one ensemble.

    PYTHONPATH=tools /usr/bin/python3 -m plateweb_tools.reader.merge A.onnx B.onnx --out models/plate-reader-v2.onnx

Needs Debian's python3-onnx.
"""
import argparse

import onnx
from onnx import compose, helper


def merge(paths, out):
    nodes, initializers, outputs = [], [], []
    first = None
    for i, path in enumerate(paths):
        model = onnx.load(path)
        if first is None:
            first = model
        # Every name gets the member's prefix; then the nodes read the shared input again.
        source = model.graph.input[0].name
        g = compose.add_prefix(model, f"m{i}_").graph
        for node in g.node:
            for k, name in enumerate(node.input):
                if name == f"m{i}_{source}":
                    node.input[k] = first.graph.input[0].name
        nodes.extend(g.node)
        initializers.extend(g.initializer)
        if len(g.output) != 1:
            raise SystemExit(f"{path}: one output expected, found {len(g.output)}")
        outputs.append(g.output[0].name)
    concat = helper.make_node("Concat", outputs, ["logits"], axis=1, name="members")
    out_info = helper.make_tensor_value_info("logits", onnx.TensorProto.FLOAT, ["n", None])
    graph = helper.make_graph(nodes + [concat], "plate-reader-ensemble", list(first.graph.input), [out_info], initializers)
    model = helper.make_model(graph, opset_imports=list(first.opset_import), producer_name="plateweb-merge")
    onnx.checker.check_model(model)
    onnx.save(model, out)
    print(f"{len(paths)} readers -> {out}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("models", nargs="+", help="ONNX files written by train.py")
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    merge(a.models, a.out)


if __name__ == "__main__":
    main()
