"""``baimo bench`` reports CPU seconds beside wall seconds: busy work shows up, waiting does not."""

import sys

from baimo.publish.build.bench import _time


def test_cpu_seconds_count_a_busy_child_and_its_children():
    busy = "import time\nt = time.process_time()\nwhile time.process_time() - t < 0.3: pass"
    wall, cpu = _time([sys.executable, "-c", f"import subprocess, sys; subprocess.run([sys.executable, '-c', {busy!r}])"])
    assert cpu >= 0.3, cpu  # the grandchild's busy loop is counted
    assert wall >= 0.3


def test_cpu_seconds_do_not_count_waiting():
    wall, cpu = _time([sys.executable, "-c", "import time; time.sleep(0.5)"])
    assert wall >= 0.5
    assert cpu < 0.4, cpu
