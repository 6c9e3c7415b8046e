"""Exchange with other QDA tools through REFI-QDA: projects (.qdpx) and codebooks (.qdc).

Qt-free. The pieces, each in its own module:

- :mod:`~qcode.exchange.records`: the plain records a file is read into;
- :mod:`~qcode.exchange.archive`: opening a .qdpx without trusting it (zip-slip, bombs, the
  project XML and the sources folder wherever the exporting tool put them);
- :mod:`~qcode.exchange.qde_read`: streaming the project XML (or a .qdc) into records;
- :mod:`~qcode.exchange.positions`: deciding per source what the file's positions count
  (code points, UTF-16 units, a BOM, CRLF) and converting them to qcode's code points;
- :mod:`~qcode.exchange.load`: writing records into a project, all or nothing;
- :mod:`~qcode.exchange.import_qdpx`: ``import_qdpx(session, path, progress=)``, the whole import;
- :mod:`~qcode.exchange.export_qdpx`: ``export_qdpx(session, out, progress=)``, the whole export;
- :mod:`~qcode.exchange.qdc`: codebooks out (``export_qdc``) and in (``import_qdc``);
- :mod:`~qcode.exchange.report`: what an import did, skipped and assumed, for the CLI and GUI.
"""

from __future__ import annotations
