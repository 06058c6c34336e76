# A small unittest for Pyrite: the parts of CPython's unittest API that
# tests on a microcontroller use (TestCase and its assert methods, skips,
# expected failures, subTest, setUp/tearDown at test and class level, and
# main()). main() prints a result line per test, then a summary:
#   ----------------------------------------------------------------------
#   Ran 3 tests
#
#   OK            (or "OK (skipped=1)", or "FAILED (failures=1, errors=0)")
import sys


class SkipTest(Exception):
    pass


class _Failure(AssertionError):
    pass


class _ExpectedFailure(Exception):
    pass


class _UnexpectedSuccess(Exception):
    pass


def skip(reason):
    def deco(f):
        def skipped(*args, **kwargs):
            raise SkipTest(reason)

        skipped.__name__ = getattr(f, "__name__", "skipped")
        return skipped

    return deco


def skipIf(condition, reason):
    return skip(reason) if condition else (lambda f: f)


def skipUnless(condition, reason):
    return skipIf(not condition, reason)


def expectedFailure(f):
    def wrapper(*args, **kwargs):
        try:
            f(*args, **kwargs)
        except Exception:
            raise _ExpectedFailure()
        raise _UnexpectedSuccess()

    wrapper.__name__ = getattr(f, "__name__", "expected_failure")
    return wrapper


class _Raises:
    # assertRaises used as a context manager.
    def __init__(self, expected, case, msg=None):
        self.expected = expected
        self.case = case
        self.msg = msg
        self.exception = None

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            name = getattr(self.expected, "__name__", str(self.expected))
            self.case.fail(self.msg or "%s not raised" % name)
        if issubclass(exc_type, self.expected):
            self.exception = exc
            return True
        return False


class _SubTest:
    def __init__(self, case, msg, params):
        self.case = case
        self.label = msg if msg is not None else ", ".join("%s=%r" % kv for kv in params.items())

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None or exc_type is SkipTest:
            return exc_type is SkipTest
        if issubclass(exc_type, AssertionError):
            self.case._sub_failures.append((self.label, exc))
            return True
        return False


class TestCase:
    longMessage = False

    def __init__(self, name="runTest"):
        self._name = name
        self._sub_failures = []

    def setUp(self):
        pass

    def tearDown(self):
        pass

    @classmethod
    def setUpClass(cls):
        pass

    @classmethod
    def tearDownClass(cls):
        pass

    def skipTest(self, reason):
        raise SkipTest(reason)

    def subTest(self, msg=None, **params):
        return _SubTest(self, msg, params)

    def fail(self, msg=None):
        raise _Failure(msg or "test failed")

    def _check(self, ok, default, msg):
        if not ok:
            self.fail(msg if msg is not None else default)

    def assertEqual(self, a, b, msg=None):
        self._check(a == b, "%r != %r" % (a, b), msg)

    def assertNotEqual(self, a, b, msg=None):
        self._check(a != b, "%r == %r" % (a, b), msg)

    def assertAlmostEqual(self, a, b, places=None, msg=None, delta=None):
        if a == b:
            return
        diff = abs(a - b)
        if delta is not None:
            self._check(diff <= delta, "%r != %r within %r delta" % (a, b, delta), msg)
        else:
            places = 7 if places is None else places
            ok = round(diff, places) == 0
            self._check(ok, "%r != %r within %r places" % (a, b, places), msg)

    def assertNotAlmostEqual(self, a, b, places=None, msg=None, delta=None):
        diff = abs(a - b)
        if delta is not None:
            ok = diff > delta
        else:
            ok = a != b and round(diff, 7 if places is None else places) != 0
        self._check(ok, "%r == %r (almost)" % (a, b), msg)

    def assertTrue(self, x, msg=None):
        self._check(x, "%r is not true" % (x,), msg)

    def assertFalse(self, x, msg=None):
        self._check(not x, "%r is not false" % (x,), msg)

    def assertIs(self, a, b, msg=None):
        self._check(a is b, "%r is not %r" % (a, b), msg)

    def assertIsNot(self, a, b, msg=None):
        self._check(a is not b, "%r is %r" % (a, b), msg)

    def assertIsNone(self, x, msg=None):
        self._check(x is None, "%r is not None" % (x,), msg)

    def assertIsNotNone(self, x, msg=None):
        self._check(x is not None, "unexpectedly None", msg)

    def assertIn(self, a, b, msg=None):
        self._check(a in b, "%r not found in %r" % (a, b), msg)

    def assertNotIn(self, a, b, msg=None):
        self._check(a not in b, "%r unexpectedly found in %r" % (a, b), msg)

    def assertIsInstance(self, x, cls, msg=None):
        self._check(isinstance(x, cls), "%r is not an instance of %r" % (x, cls), msg)

    def assertNotIsInstance(self, x, cls, msg=None):
        self._check(not isinstance(x, cls), "%r is an instance of %r" % (x, cls), msg)

    def assertLess(self, a, b, msg=None):
        self._check(a < b, "%r not less than %r" % (a, b), msg)

    def assertLessEqual(self, a, b, msg=None):
        self._check(a <= b, "%r not less than or equal to %r" % (a, b), msg)

    def assertGreater(self, a, b, msg=None):
        self._check(a > b, "%r not greater than %r" % (a, b), msg)

    def assertGreaterEqual(self, a, b, msg=None):
        self._check(a >= b, "%r not greater than or equal to %r" % (a, b), msg)

    def assertRaises(self, expected, *args, **kwargs):
        ctx = _Raises(expected, self)
        if not args:
            return ctx
        with ctx:
            args[0](*args[1:], **kwargs)

    def assertWarns(self, expected, *args, **kwargs):
        # Pyrite has no warnings machinery: the code just runs.
        if args:
            args[0](*args[1:], **kwargs)
        return _NoWarning()


class _NoWarning:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class TestResult:
    def __init__(self):
        self.testsRun = 0
        self.failures = []
        self.errors = []
        self.skipped = []
        self.expectedFailures = []
        self.unexpectedSuccesses = []

    def wasSuccessful(self):
        return not (self.failures or self.errors or self.unexpectedSuccesses)


def _describe(exc):
    return "%s: %s" % (type(exc).__name__, exc) if str(exc) else type(exc).__name__


def _run_one(case, name, result):
    # Runs test `name` of `case` (setUp, the test, tearDown) into `result`.
    label = "%s (%s.%s)" % (name, case.__class__.__module__, case.__class__.__name__)
    result.testsRun += 1
    outcome = "ok"
    try:
        case._sub_failures = []
        case.setUp()
        try:
            getattr(case, name)()
        finally:
            case.tearDown()
        if case._sub_failures:
            for sub, exc in case._sub_failures:
                result.failures.append(("%s [%s]" % (label, sub), _describe(exc)))
            outcome = "FAIL"
    except SkipTest as e:
        result.skipped.append((label, str(e)))
        outcome = "skipped " + repr(str(e))
    except _ExpectedFailure:
        result.expectedFailures.append((label, ""))
        outcome = "expected failure"
    except _UnexpectedSuccess:
        result.unexpectedSuccesses.append(label)
        outcome = "unexpected success"
    except AssertionError as e:
        result.failures.append((label, _describe(e)))
        outcome = "FAIL"
    except Exception as e:
        result.errors.append((label, _describe(e)))
        outcome = "ERROR"
    print("%s ... %s" % (label, outcome))


def _test_names(cls):
    names = []
    for k in dir(cls):
        if k.startswith("test") and callable(getattr(cls, k)):
            names.append(k)
    return sorted(names)


def _run_class(cls, result, names=None):
    try:
        cls.setUpClass()
    except SkipTest as e:
        for name in names or _test_names(cls):
            result.skipped.append((name, str(e)))
        return
    except Exception as e:
        result.errors.append(("setUpClass (%s)" % cls.__name__, _describe(e)))
        return
    try:
        for name in names or _test_names(cls):
            _run_one(cls(name), name, result)
    finally:
        try:
            cls.tearDownClass()
        except Exception as e:
            result.errors.append(("tearDownClass (%s)" % cls.__name__, _describe(e)))


class TestSuite:
    def __init__(self, tests=()):
        self._tests = list(tests)

    def addTest(self, test):
        self._tests.append(test)

    def addTests(self, tests):
        for t in tests:
            self.addTest(t)

    def run(self, result):
        for t in self._tests:
            if isinstance(t, type) and issubclass(t, TestCase):
                _run_class(t, result)
            elif isinstance(t, TestCase):
                _run_class(t.__class__, result, [t._name])
            else:
                t.run(result)
        return result


class TestLoader:
    def loadTestsFromTestCase(self, cls):
        return TestSuite([cls])

    def loadTestsFromModule(self, module):
        suite = TestSuite()
        for k in dir(module):
            v = getattr(module, k)
            if isinstance(v, type) and issubclass(v, TestCase) and v is not TestCase:
                suite.addTest(v)
        return suite


class TextTestRunner:
    def __init__(self, stream=None, verbosity=1):
        pass

    def run(self, suite):
        result = TestResult()
        suite.run(result)
        for kind, items in (("FAIL", result.failures), ("ERROR", result.errors)):
            for label, text in items:
                print("=" * 70)
                print("%s: %s" % (kind, label))
                print(text)
        print("-" * 70)
        print("Ran %d tests\n" % result.testsRun)
        if result.wasSuccessful():
            extra = []
            if result.skipped:
                extra.append("skipped=%d" % len(result.skipped))
            if result.expectedFailures:
                extra.append("expected failures=%d" % len(result.expectedFailures))
            print("OK" + (" (%s)" % ", ".join(extra) if extra else ""))
        else:
            print("FAILED (failures=%d, errors=%d)" % (len(result.failures), len(result.errors)))
        return result


def main(module="__main__", exit=True):
    if isinstance(module, str):
        module = sys.modules[module]
    suite = TestLoader().loadTestsFromModule(module)
    result = TextTestRunner().run(suite)
    if exit and not result.wasSuccessful():
        sys.exit(1)
    return result
