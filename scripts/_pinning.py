"""CPU pinning for the benchmarks: the server on one CPU, the load on another.

With two or more CPUs and `taskset` installed, a benchmark runs its server
on the first CPU it may use and its load generator (or client) on the
second, so that the two do not take turns on one CPU and the figures say
less about the scheduler.  Otherwise nothing is pinned.
"""

import os
import shutil


def _cpus():
    try:
        return sorted(os.sched_getaffinity(0))
    except AttributeError:
        return list(range(os.cpu_count() or 1))


CPUS = _cpus()
TASKSET = shutil.which('taskset') if len(CPUS) >= 2 else None
SERVER_CPU, CLIENT_CPU = (CPUS[0], CPUS[1]) if len(CPUS) >= 2 else (None, None)


def pinned(argv, cpu):
    """``argv`` run through ``taskset -c cpu`` when pinning is possible."""
    if TASKSET is None or cpu is None:
        return argv
    return [TASKSET, '-c', str(cpu)] + argv


def describe(load='load'):
    """One line saying what is pinned where."""
    if TASKSET:
        return 'server on CPU %s, %s on CPU %s' % (SERVER_CPU, load, CLIENT_CPU)
    return 'none (%d CPU%s or no taskset)' % (len(CPUS), '' if len(CPUS) == 1 else 's')
