"""PlateWeb's Python tools, one package run as modules from tools/ (or with PYTHONPATH=tools):

    reader     the plate reader: synthetic plates, training (PyTorch, CTC -> ONNX), ensembles, calibration
    chat       the default chat model: corpus, tokenizer, Llama training, GGUF export, parity, evaluation
    tessdata   plate strips for training a Tesseract model from scratch

For instance: cd tools && /usr/bin/python3 -m plateweb_tools.reader.train --help
"""
