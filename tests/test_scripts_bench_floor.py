"""scripts/bench_floor.py: its bare server answers as the benchmarks check,
and the user time read off its curve is the one between the right pads."""

import os
import sys

import pytest

pytestmark = pytest.mark.timeout(60)

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                                'scripts'))

import bench_floor  # noqa: E402
import bench_server  # noqa: E402

CURVE = [{'rps': 100000.0, 'user_us': 1.0}, {'rps': 50000.0, 'user_us': 10.0},
         {'rps': 25000.0, 'user_us': 30.0}]


def test_bare_server_answers_okay_with_keep_alive():
    argv = [sys.executable, '-c', bench_floor.BARE, '100']
    with bench_server.ServerProcess('bare', argv, bench_server.REPO) as server:
        bench_server.check_hello(server.port)
        bench_server.check_hello(server.port)
        assert server.alive()
        if os.path.exists('/proc/self/stat'):      # (Linux: the CPU columns)
            assert server.cpu_seconds() is not None


def test_user_time_at_a_measured_pad_is_that_pad_s():
    assert bench_floor.user_time_for(50000.0, CURVE) == pytest.approx(10.0)


def test_user_time_between_pads_is_linear_in_time_per_request():
    # 1/rps halfway between 10 us (100k/s) and 20 us (50k/s): 15 us, 66,667/s
    assert bench_floor.user_time_for(1e6 / 15, CURVE) == pytest.approx(5.5)


def test_user_time_outside_the_curve_is_none():
    assert bench_floor.user_time_for(200000.0, CURVE) is None
    assert bench_floor.user_time_for(10000.0, CURVE) is None
