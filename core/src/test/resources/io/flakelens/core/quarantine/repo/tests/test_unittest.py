import unittest


class TestLegacy(unittest.TestCase):
    @unittest.skip("flaky on py3.12 #88")
    def test_old(self):
        pass

    @unittest.expectedFailure
    def test_expected(self):
        pass

    def test_fine(self):
        pass
