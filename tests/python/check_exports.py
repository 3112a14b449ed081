"""Loads Keylabel exports with the libraries teams train with; exits non-zero on a problem.

    python tests/python/check_exports.py --coco out.json --jsonl out.jsonl --yolo ds/ \
        --imagefolder imagefolder/ --preference pairs.jsonl --bio tokens.jsonl

Needs `pip install pycocotools pandas datasets` (and `ultralytics` for --yolo). Not part
of `cargo test`: it needs those packages, not the network (run it under `unshare -n`).
"""

import argparse
import json
import os
import sys


def check_coco(path):
    from pycocotools.coco import COCO

    coco = COCO(path)
    anns = coco.loadAnns(coco.getAnnIds())
    for a in anns:
        img = coco.imgs[a["image_id"]]
        x, y, w, h = a["bbox"]
        assert 0 <= x and 0 <= y and x + w <= img["width"] + 0.01 and y + h <= img["height"] + 0.01, a
    # Outlines: pycocotools makes their masks; each fills its polygon's area, inside the box.
    outlined = [a for a in anns if "segmentation" in a]
    for a in outlined:
        mask = coco.annToMask(a)
        assert mask.shape == (coco.imgs[a["image_id"]]["height"], coco.imgs[a["image_id"]]["width"])
        assert abs(int(mask.sum()) - a["area"]) <= 0.03 * a["area"] + 50, (int(mask.sum()), a["area"])
        x, y, w, h = a["bbox"]
        assert mask[: int(y)].sum() == 0 and mask[:, : int(x)].sum() == 0, a["id"]
        assert a["area"] < w * h, "an outline's area is its own, not its box's"
    if outlined:
        print(f"pycocotools: {len(outlined)} outlines made into masks of their area")
    # Keypoints: every annotation has all of its category's, and pycocotools' keypoint
    # evaluation scores the annotations against themselves as perfect.
    cats = [c for c in coco.cats.values() if c.get("keypoints")]
    if cats:
        import contextlib, io
        import numpy as np
        from pycocotools.cocoeval import COCOeval

        k = len(cats[0]["keypoints"])
        assert all(len(a["keypoints"]) == 3 * k for a in anns)
        assert all(a["num_keypoints"] == sum(v > 0 for v in a["keypoints"][2::3]) for a in anns)
        assert all(1 <= i <= k for c in cats for line in c["skeleton"] for i in line)
        dets = coco.loadRes([dict(a, score=1.0) for a in anns])
        ev = COCOeval(coco, dets, "keypoints")
        ev.params.kpt_oks_sigmas = np.full(k, 0.05)
        with contextlib.redirect_stdout(io.StringIO()):
            ev.evaluate(); ev.accumulate(); ev.summarize()
        assert ev.stats[0] > 0.99, ev.stats
        print(f"pycocotools: {len(anns)} poses of {k} keypoints, keypoint AP {ev.stats[0]:.3f} against themselves")
    print(f"pycocotools: {len(coco.imgs)} images, {len(anns)} boxes, {len(coco.cats)} categories")


def check_jsonl(path):
    import pandas as pd
    from datasets import load_dataset

    df = pd.read_json(path, lines=True)
    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    assert len(df) == len(rows), (len(df), len(rows))
    ds = load_dataset("json", data_files=path, split="train")
    assert ds.num_rows == len(rows)
    # Notes: a list in every row, read back as written.
    assert all(isinstance(r["notes"], list) for r in rows)
    assert [list(n) for n in df["notes"]] == [r["notes"] for r in rows]
    assert "notes" in ds.column_names
    # Box attributes: one object of the task's names in every box, true or false.
    boxes = [b for r in rows for b in r.get("boxes", [])]
    if any("attributes" in b for b in boxes):
        names = {tuple(b["attributes"]) for b in boxes}
        assert len(names) == 1, names
        assert all(isinstance(v, bool) for b in boxes for v in b["attributes"].values())
        assert [list(x) for x in df["boxes"]] == [r["boxes"] for r in rows]
        print(f"box attributes: {', '.join(next(iter(names)))} on {len(boxes)} boxes")
    # Outlines: every box of a polygons task has `polygons` (`[]` for a plain box), lists of
    # [x, y] points both libraries read back as written.
    if any("polygons" in b for b in boxes):
        assert all("polygons" in b for b in boxes), "polygons on some boxes only"
        parts = [p for b in boxes for p in b["polygons"]]
        assert parts and all(len(pt) == 2 for p in parts for pt in p)
        assert [list(x) for x in df["boxes"]] == [r["boxes"] for r in rows]
        assert [[b["polygons"] for b in x] for x in ds["boxes"]] == [[b["polygons"] for b in r["boxes"]] for r in rows]
        print(f"outlines: {len(parts)} polygons read back by pandas and datasets")
    # Keypoints: every box of a pose task has all of them, [x, y, v], read back as written.
    if any("keypoints" in b for b in boxes):
        counts = {len(b["keypoints"]) for b in boxes}
        assert len(counts) == 1 and all(len(p) == 3 for b in boxes for p in b["keypoints"]), counts
        assert [list(x) for x in df["boxes"]] == [r["boxes"] for r in rows]
        assert [[b["keypoints"] for b in x] for x in ds["boxes"]] == [[b["keypoints"] for b in r["boxes"]] for r in rows]
        print(f"keypoints: {counts.pop()} on each of {len(boxes)} boxes, read back by pandas and datasets")
    # Spans: offsets that slice the record as Python does, read back whole by both.
    if "spans" in rows[0]:
        spans = [(r["data"], s) for r in rows for s in r["spans"]]
        assert spans, "a spans export with no spans checks nothing"
        for data, s in spans:
            assert data[s["field"]][s["start"]:s["end"]] == s["text"], s
        assert [list(x) for x in df["spans"]] == [r["spans"] for r in rows]
        assert [list(x) for x in ds["spans"]] == [r["spans"] for r in rows]
        print(f"spans: {len(spans)} slice their records")
    # Relations: from/to index the row's own spans, read back whole by both libraries.
    if "relations" in rows[0]:
        links = [(r, x) for r in rows for x in r["relations"]]
        assert links, "a relations export with no relations checks nothing"
        for r, x in links:
            n = len(r["spans"])
            assert 0 <= x["from"] < n and 0 <= x["to"] < n and x["from"] != x["to"], (x, n)
            assert isinstance(x["label"], str) and x["label"], x
        assert [list(x) for x in df["relations"]] == [r["relations"] for r in rows]
        assert [list(x) for x in ds["relations"]] == [r["relations"] for r in rows]
        first = links[0]
        head = first[0]["spans"][first[1]["from"]]["text"]
        tail = first[0]["spans"][first[1]["to"]]["text"]
        print(f"relations: {len(links)} point at their rows' spans ({head} {first[1]['label']} {tail})")
    # Segment texts: a `text` in every segment of such a task, read back whole by both.
    segs = [g for r in rows for g in r.get("segments", [])]
    if any("text" in g for g in segs):
        assert all(isinstance(g.get("text"), str) for g in segs), "text on some segments only"
        assert [list(x) for x in df["segments"]] == [r["segments"] for r in rows]
        assert [list(x) for x in ds["segments"]] == [r["segments"] for r in rows]
        print(f"segment texts: {sum(1 for g in segs if g['text'])} of {len(segs)} segments have words")
    print(f"pandas: {df.shape[0]} rows x {df.shape[1]} columns; datasets: {ds.num_rows} rows")


def check_nemo(path):
    """A NeMo manifest of segments: each line inside its clip, with words, as NeMo's
    audio-to-text datasets read `offset` and `duration`."""
    import wave
    from datasets import load_dataset

    rows = [json.loads(line) for line in open(path, encoding="utf-8")]
    assert rows, "a manifest with no lines checks nothing"
    for r in rows:
        with wave.open(r["audio_filepath"]) as w:
            clip = w.getnframes() / w.getframerate()
            w.setpos(int(r["offset"] * w.getframerate()))
            frames = w.readframes(int(r["duration"] * w.getframerate()))
        assert r["duration"] > 0 and r["offset"] + r["duration"] <= clip + 0.01, (r, clip)
        assert len(frames) > 0 and r["text"].strip() == r["text"] and r["text"], r
    ds = load_dataset("json", data_files=path, split="train")
    assert {"audio_filepath", "offset", "duration", "text"} <= set(ds.column_names)
    print(f"nemo: {len(rows)} segments inside their clips, each with words")


def check_bio(path):
    from datasets import load_dataset

    ds = load_dataset("json", data_files=path, split="train")
    assert {"tokens", "ner_tags"} <= set(ds.column_names), ds.column_names
    assert all(len(t) == len(g) for t, g in zip(ds["tokens"], ds["ner_tags"]))
    tags = sorted({g for row in ds["ner_tags"] for g in row})
    assert "O" in tags and any(g.startswith("B-") for g in tags), tags
    # As token-classification trainers take them: tag names to class ids.
    ids = ds.map(lambda r: {"labels": [tags.index(g) for g in r["ner_tags"]]})
    assert all(len(a) == len(b) for a, b in zip(ids["labels"], ids["tokens"]))
    print(f"datasets bio: {ds.num_rows} rows, tags {tags}")


def check_sft(path):
    from datasets import load_dataset

    ds = load_dataset("json", data_files=path, split="train")
    # TRL's prompt-completion type: two string columns, and whether the model's was edited.
    for col in ("prompt", "completion"):
        assert ds.features[col].dtype == "string", (col, ds.features[col])
    assert ds.features["edited"].dtype == "bool", ds.features["edited"]
    edited = sum(ds["edited"])
    assert 0 < edited < ds.num_rows, edited
    print(f"datasets sft: {ds.num_rows} rows, {edited} edited, columns {ds.column_names}")


def check_preference(path):
    from datasets import load_dataset

    ds = load_dataset("json", data_files=path, split="train")
    chat = not hasattr(ds.features["prompt"], "dtype")
    if chat:
        # TRL's conversational preference type: each column a list of {role, content}, the
        # prompt ending on the user's turn, each answer the assistant's.
        for r in ds:
            for col in ("prompt", "chosen", "rejected"):
                assert all(isinstance(m["role"], str) and isinstance(m["content"], str) for m in r[col]), (col, r)
            assert r["prompt"][-1]["role"] == "user", r["prompt"]
            assert r["chosen"][0]["role"] == r["rejected"][0]["role"] == "assistant", r
    else:
        # TRL's preference type: the three columns, each a string in every row.
        for col in ("prompt", "chosen", "rejected"):
            assert ds.features[col].dtype == "string", (col, ds.features[col])
    assert all(r["chosen"] != r["rejected"] or r["chosen_field"] != r["rejected_field"] for r in ds)
    kind = "conversational preference" if chat else "preference"
    print(f"datasets {kind}: {ds.num_rows} pairs, columns {ds.column_names}")


def check_yolo(folder):
    from ultralytics.data import YOLODataset
    from ultralytics.data.utils import check_det_dataset

    data = check_det_dataset(f"{folder}/data.yaml")
    ds = YOLODataset(img_path=data["train"], data=data, task="detect", augment=False)
    boxes = sum(len(lab["cls"]) for lab in ds.labels)
    print(f"ultralytics: {len(ds.labels)} images, {boxes} boxes, names {data['names']}")
    # Outlines (segmentation lines): read as segments, one per line, each its points.
    import glob
    lines = [l.split() for f in glob.glob(f"{folder}/labels/**/*.txt", recursive=True)
             for l in open(f, encoding="utf-8") if l.strip()]
    if "kpt_shape" not in data and any(len(l) > 6 for l in lines):
        sides = {data["train"], data["val"]}
        segments = [s for side in sides
                    for lab in YOLODataset(img_path=side, data=data, task="segment", augment=False).labels
                    for s in lab["segments"]]
        assert len(segments) == len(lines), (len(segments), len(lines))
        assert all(len(s) >= 3 for s in segments)
        print(f"ultralytics: {len(segments)} outlines read as segments")
    # Poses: each object's keypoints as kpt_shape says, in the images' pixels once scaled.
    if "kpt_shape" in data:
        k, dims = data["kpt_shape"]
        pose = YOLODataset(img_path=data["train"], data=data, task="pose", augment=False)
        kpts = [lab["keypoints"] for lab in pose.labels if len(lab["cls"])]
        assert kpts and all(x.shape[1:] == (k, dims) for x in kpts), [x.shape for x in kpts]
        print(f"ultralytics: {sum(len(x) for x in kpts)} poses of {k} keypoints, flip_idx {data.get('flip_idx')}")


def check_imagefolder(folder):
    from datasets import load_dataset

    from datasets import Image

    ds = load_dataset("imagefolder", data_dir=folder)
    features = ds["train"].features
    if "label" not in features:
        # Images with a metadata.jsonl: every answer a column beside the decoded image(s).
        pictures = [k for k, f in features.items() if isinstance(f, Image)]
        assert pictures, features
        for split, part in ds.items():
            for row in part:
                for k in pictures:
                    assert row[k] is None or row[k].size[0] > 0, (split, k, row)
                assert row["keylabel_id"], (split, row)
                objects = row.get("objects") or {}
                if objects.get("keypoints"):
                    # Poses: every object the same points, placed ones inside the image.
                    w, h = row["image"].size
                    assert len({len(k) for k in objects["keypoints"]}) == 1, objects
                    assert all(0 <= x <= w and 0 <= y <= h for k in objects["keypoints"] for x, y, v in k if v), objects
                if "chosen" in pictures:
                    # Records comparing two pictures: the one preferred, and the other.
                    pick = row["preference"]
                    if pick in ("image_a", "image_b"):
                        other = "image_b" if pick == "image_a" else "image_a"
                        assert row["chosen"].size == row[pick].size, (split, row)
                        assert row["rejected"].size == row[other].size, (split, row)
                    else:
                        assert row["chosen"] is None and row["rejected"] is None, (split, row)
        print(f"datasets imagefolder: {dict((k, v.num_rows) for k, v in ds.items())}, columns {ds['train'].features}")
        return
    names = ds["train"].features["label"].names
    for split, part in ds.items():
        assert part.features["label"].names == names, (split, part.features["label"].names, names)
    print(f"datasets imagefolder: {dict((k, v.num_rows) for k, v in ds.items())}, labels {names}")


def check_masks(folder, coco_path):
    """An outlines project's image folder is a segmentation dataset: each `annotation` mask
    the image's size, its values the id2label.json classes, and each class's pixels where
    pycocotools rasterizes the same outlines from the project's COCO export."""
    import json
    import os

    import numpy as np
    from datasets import Image, load_dataset
    from pycocotools import mask as mask_utils

    id2label = json.load(open(os.path.join(folder, "id2label.json"), encoding="utf-8"))
    ds = load_dataset("imagefolder", data_dir=folder)
    assert isinstance(ds["train"].features["annotation"], Image), ds["train"].features
    coco = json.load(open(coco_path, encoding="utf-8"))
    ids = {c["id"]: c["name"] for c in coco["categories"]}
    by_name = {v: int(k) for k, v in id2label.items()}
    images = {i["keylabel_id"]: i for i in coco["images"]}
    worst, rows = 1.0, 0
    for split, part in ds.items():
        for row in part:
            mask = np.array(row["annotation"])
            assert mask.shape == (row["image"].size[1], row["image"].size[0]), (split, mask.shape)
            assert set(np.unique(mask)) <= {int(k) for k in id2label}, np.unique(mask)
            im = images[row["keylabel_id"]]
            want = np.zeros_like(mask)
            for a in coco["annotations"]:
                if a["image_id"] == im["id"] and isinstance(a.get("segmentation"), list) and a["segmentation"]:
                    rle = mask_utils.merge(mask_utils.frPyObjects(a["segmentation"], im["height"], im["width"]))
                    want[mask_utils.decode(rle) > 0] = by_name[ids[a["category_id"]]]
            inter = np.logical_and(mask > 0, mask == want).sum()
            union = np.logical_or(mask > 0, want > 0).sum()
            iou = inter / union if union else 1.0
            worst = min(worst, iou)
            rows += 1
    assert rows and worst > 0.97, (rows, worst)
    print(f"masks: {rows} images, classes {id2label}; pixels as pycocotools draws the COCO outlines: IoU >= {worst:.3f}")


def make_rle(empty_jsonl, out):
    """A COCO file of RLE masks (as Detectron2 or SAM write them) over the images of a
    project's JSONL export: on each, an elliptic ring with a blob in its hole, and a disc."""
    import json

    import numpy as np
    from pycocotools import mask as mask_utils

    images, annotations = [], []
    for i, line in enumerate(open(empty_jsonl, encoding="utf-8")):
        r = json.loads(line)
        w, h = r["width"], r["height"]
        images.append({"id": i + 1, "file_name": r["media"], "width": w, "height": h})
        y, x = np.mgrid[0:h, 0:w]
        e = ((x - w * 0.4) / (w * 0.3)) ** 2 + ((y - h * 0.5) / (h * 0.35)) ** 2
        ring = ((e <= 1) & (e >= 0.3)) | (e <= 0.05)
        disc = ((x - w * 0.85) ** 2 + (y - h * 0.2) ** 2) <= (min(w, h) * 0.1) ** 2
        for k, (m, cat) in enumerate([(ring, 1), (disc, 2)]):
            rle = mask_utils.encode(np.asfortranarray(m.astype(np.uint8)))
            rle["counts"] = rle["counts"].decode()
            annotations.append({"id": len(annotations) + 1, "image_id": i + 1, "category_id": cat,
                                "segmentation": rle, "area": float(m.sum()), "iscrowd": 0,
                                "bbox": [float(v) for v in mask_utils.toBbox(rle)], "score": 0.9})
    coco = {"images": images, "annotations": annotations,
            "categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "cup"}]}
    json.dump(coco, open(out, "w"))


def check_rle(original, exported):
    """RLE masks imported as outlines and exported as COCO polygons: pycocotools draws each
    where the mask was."""
    import json

    from pycocotools import mask as mask_utils

    a, b = json.load(open(original)), json.load(open(exported))
    by_name = {i["file_name"]: i for i in b["images"]}
    worst, n = 1.0, 0
    for im in a["images"]:
        mine = [x for x in a["annotations"] if x["image_id"] == im["id"]]
        other = by_name[im["file_name"]]
        theirs = [x for x in b["annotations"] if x["image_id"] == other["id"]]
        assert len(mine) == len(theirs), (im, len(mine), len(theirs))
        h, w = im["height"], im["width"]
        for m in mine:
            rle = m["segmentation"]
            best = max(
                mask_utils.iou([mask_utils.merge(mask_utils.frPyObjects(t["segmentation"], h, w))],
                               [rle], [0])[0][0]
                for t in theirs)
            worst, n = min(worst, best), n + 1
    assert n and worst > 0.97, (n, worst)
    print(f"RLE masks: {n} came back as COCO polygons, IoU with the masks >= {worst:.3f} (holes kept)")


def check_audiofolder(folder):
    from datasets import Audio, load_dataset

    try:
        import torchcodec  # noqa: F401
    except ImportError:
        # datasets imports torch and torchcodec to store any audio column, even as a path;
        # from PyPI they are gigabytes (CUDA). With neither here, empty stand-ins let it
        # store the paths; the folder's shape and the files are checked, not decoding.
        import types

        torch = types.ModuleType("torch")
        torch.Tensor = type("Tensor", (), {})
        torch.Generator = type("Generator", (), {})
        torch.nn = types.SimpleNamespace(Module=type("Module", (), {}))
        sys.modules.setdefault("torch", torch)
        codec = types.ModuleType("torchcodec.encoders")
        codec.AudioEncoder = None
        sys.modules.setdefault("torchcodec", types.ModuleType("torchcodec"))
        sys.modules.setdefault("torchcodec.encoders", codec)
    ds = load_dataset("audiofolder", data_dir=folder)
    clips = [k for k, f in ds["train"].features.items() if isinstance(f, Audio)]
    # An audio project's clips (`audio`), or the clips records name compared (a TTS pair).
    assert clips == ["audio"] or {"audio_a", "audio_b", "chosen", "rejected"} <= set(clips), clips
    for k in clips:
        ds = ds.cast_column(k, Audio(decode=False))
    for split, part in ds.items():
        for row in part:
            assert row["keylabel_id"], (split, row)
            for k in clips:
                if row[k] is not None:
                    with open(row[k]["path"], "rb") as f:
                        assert f.read(4) in (b"RIFF", b"fLaC"), (split, k, row)
            if clips == ["audio"]:
                assert row["transcript"] and row["verdict"] == "correct", (split, row)
                continue
            assert row["text"], (split, row)
            pick = row["preference"]
            if pick in ("audio_a", "audio_b"):
                other = "audio_b" if pick == "audio_a" else "audio_a"
                assert row["chosen"]["path"] == row[pick]["path"], (split, row)
                assert row["rejected"]["path"] == row[other]["path"], (split, row)
            else:
                assert row["chosen"] is None and row["rejected"] is None, (split, row)
    print(f"datasets audiofolder: {dict((k, v.num_rows) for k, v in ds.items())}, columns {clips}")


def check_voc(folder, coco_path):
    """A Pascal VOC export read with Python's own XML reader, as torchvision's VOCDetection
    parses it: each image's objects are the COCO export's boxes, in whole pixels."""
    import xml.etree.ElementTree as ET
    from PIL import Image

    coco = json.load(open(coco_path, encoding="utf-8"))
    names = {c["id"]: c["name"] for c in coco["categories"]}
    by_file = {im["file_name"].replace("/", "__"): im for im in coco["images"]}
    boxes = {}
    for a in coco["annotations"]:
        boxes.setdefault(a["image_id"], []).append(a)
    main = os.path.join(folder, "ImageSets", "Main")
    listed = lambda n: [l.strip() for l in open(os.path.join(main, n), encoding="utf-8") if l.strip()]
    trainval = listed("trainval.txt")
    sides = listed("train.txt") + (listed("val.txt") if os.path.exists(os.path.join(main, "val.txt")) else [])
    assert sorted(sides) == sorted(trainval), (sides, trainval)
    objects = 0
    for stem in trainval:
        root = ET.parse(os.path.join(folder, "Annotations", stem + ".xml")).getroot()
        file_name = root.find("filename").text
        im = by_file[file_name]
        w, h = int(root.find("size/width").text), int(root.find("size/height").text)
        assert (w, h) == (im["width"], im["height"]), (file_name, w, h)
        with Image.open(os.path.join(folder, "JPEGImages", file_name)) as pic:
            # As stored; a turned photo (EXIF) is shown, and boxed, turned.
            assert sorted(pic.size) == sorted((w, h)), (file_name, pic.size)
        got = sorted((o.find("name").text, *(int(o.find("bndbox/" + k).text)
                      for k in ("xmin", "ymin", "xmax", "ymax")))
                     for o in root.findall("object"))
        want = sorted((names[a["category_id"]], a["bbox"][0], a["bbox"][1],
                       a["bbox"][0] + a["bbox"][2], a["bbox"][1] + a["bbox"][3])
                      for a in boxes.get(im["id"], []))
        assert len(got) == len(want), (file_name, got, want)
        for g, e in zip(got, want):
            assert g[0] == e[0] and all(abs(a - b) <= 0.52 for a, b in zip(g[1:], e[1:])), (g, e)
        objects += len(got)
    print(f"voc: {len(trainval)} images, {objects} objects, the COCO export's boxes in whole pixels")


def check_rotated(coco_path, jsonl_path):
    """Turned boxes: each COCO annotation's corners are the JSONL box (x, y, w, h before it
    is turned, `rotation` degrees clockwise about its centre) turned, computed here on its
    own; its bbox is the upright box around them."""
    import math

    coco = json.load(open(coco_path, encoding="utf-8"))
    rows = [json.loads(line) for line in open(jsonl_path, encoding="utf-8")]
    by_file = {r["media"]: r for r in rows}
    files = {im["id"]: im["file_name"] for im in coco["images"]}
    turned = 0
    for a in coco["annotations"]:
        assert "rotation" in a, a
        if a["rotation"] == 0:
            assert "segmentation" not in a, a
            continue
        boxes = [b for b in by_file[files[a["image_id"]]]["boxes"] if b["rotation"] == a["rotation"]]
        b = boxes[0]
        cx, cy = b["x"] + b["w"] / 2, b["y"] + b["h"] / 2
        s, c = math.sin(math.radians(b["rotation"])), math.cos(math.radians(b["rotation"]))
        corners = [(cx + dx * c - dy * s, cy + dx * s + dy * c)
                   for dx, dy in [(-b["w"] / 2, -b["h"] / 2), (b["w"] / 2, -b["h"] / 2),
                                  (b["w"] / 2, b["h"] / 2), (-b["w"] / 2, b["h"] / 2)]]
        seg = a["segmentation"][0]
        got = list(zip(seg[0::2], seg[1::2]))
        assert all(abs(p - q) <= 0.02 for u, v in zip(got, corners) for p, q in zip(u, v)), (got, corners)
        xs, ys = [p[0] for p in corners], [p[1] for p in corners]
        want = [min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)]
        assert all(abs(p - q) <= 0.03 for p, q in zip(a["bbox"], want)), (a["bbox"], want)
        assert abs(a["area"] - b["w"] * b["h"]) <= 0.05 * max(1, b["w"] * b["h"] / 100), a
        turned += 1
    assert turned, "no turned box in the export"
    print(f"rotated: {turned} turned boxes, their corners and upright bbox as computed here")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--coco")
    ap.add_argument("--jsonl")
    ap.add_argument("--yolo")
    ap.add_argument("--imagefolder")
    ap.add_argument("--audiofolder")
    ap.add_argument("--preference")
    ap.add_argument("--bio")
    ap.add_argument("--sft")
    ap.add_argument("--masks", nargs=2, metavar=("IMAGEFOLDER", "COCO"))
    ap.add_argument("--make-rle", nargs=2, metavar=("JSONL", "OUT"))
    ap.add_argument("--rle", nargs=2, metavar=("ORIGINAL", "EXPORTED"))
    ap.add_argument("--voc", nargs=2, metavar=("FOLDER", "COCO"))
    ap.add_argument("--rotated", nargs=2, metavar=("COCO", "JSONL"))
    ap.add_argument("--nemo")
    args = ap.parse_args()
    if args.nemo:
        check_nemo(args.nemo)
    if args.coco:
        check_coco(args.coco)
    if args.jsonl:
        check_jsonl(args.jsonl)
    if args.yolo:
        check_yolo(args.yolo)
    if args.imagefolder:
        check_imagefolder(args.imagefolder)
    if args.audiofolder:
        check_audiofolder(args.audiofolder)
    if args.preference:
        check_preference(args.preference)
    if args.bio:
        check_bio(args.bio)
    if args.sft:
        check_sft(args.sft)
    if args.masks:
        check_masks(*args.masks)
    if args.make_rle:
        make_rle(*args.make_rle)
        return 0
    if args.rle:
        check_rle(*args.rle)
    if args.voc:
        check_voc(*args.voc)
    if args.rotated:
        check_rotated(*args.rotated)
    if not (args.coco or args.jsonl or args.yolo or args.imagefolder or args.audiofolder
            or args.preference or args.bio or args.sft or args.masks or args.rle or args.voc or args.rotated
            or args.nemo):
        ap.error("give at least one of --coco, --jsonl, --yolo, --imagefolder, --audiofolder, "
                 "--preference, --bio, --sft")


if __name__ == "__main__":
    sys.exit(main())
