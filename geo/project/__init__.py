"""The project folder: its file names, reading YAML within limits and with line numbers,
writing files and ``maps/`` atomically, and the locks that keep builds apart."""
