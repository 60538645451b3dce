"""Every spelling of a mute the scanner must read.

A docstring that mentions @pytest.mark.xfailflake(jira='DCOS-0') is no marker.
"""
import pytest
from pytest import mark

# @pytest.mark.skip(reason="commented out") is no marker either
NOT_A_MARKER = "@pytest.mark.xfail(reason='in a string')"


@pytest.mark.xfailflake(
    jira='DCOS-1337',       # the ticket ) with a paren in a comment
    reason='A reason, with a comma (and parens)',
    since='2019-01-25',
)
def test_dcos_order():
    assert False


@pytest.mark.xfailflake(since="2019-02-02", reason="reason " "first", jira="DCOS_OSS-4568")
def test_reversed_order():
    pass


@pytest.mark.skipif(
    sys.platform == "win32", reason="not a mute")
@pytest.mark.xfail(
    reason=f"flaky on {platform()} see https://github.com/acme/proj/issues/77",
    strict=False)
def test_multiline(tmp_path):
    pass


@mark.skip("bare positional reason #42")
def test_mark_alias():
    pass


@pytest.mark.flaky(reruns=3)
async def test_async_flaky():
    pass


def test_fixture_chain(uses_cluster):
    s = """
    @pytest.mark.xfail
    def test_in_a_string(): pass
    """


@pytest.mark.xfail(reason=lambda: call(nested(1, (2, 3)), key="x)"))
class TestAlpha:
    def test_same(self):
        pass

    def helper(self):
        pass


class TestBeta:
    pytestmark = [pytest.mark.usefixtures("cluster"), pytest.mark.skip(reason="beta is flaky JIRA-77")]

    def test_same(self):
        pass

    class TestInner:
        @pytest.mark.xfailflake(jira='DCOS-2', reason='inner')
        def test_same(self):
            pass


class TestGamma:
    def test_same(self, cluster):
        pass
