"""Filesystem safety shared by every stage that writes (stage 0: it imports nothing of vpcdocs).

* `lock`: one exclusive lock per output folder, released by the kernel when its process dies;
* `temps`: temporary files and folders named so vpcdocs recognises its own, and the rule that
  tells an orphan of a killed run from the temporary file of a run that is still alive;
* `oserror`: the one-line message (path and cause) that an `OSError` becomes;
* `private`: whether a per-user folder (cache, state) is safe to use.
"""
