"""Unit tests of the chat tools: cd tools && /usr/bin/python3 -m unittest discover -s plateweb_tools -t ."""
