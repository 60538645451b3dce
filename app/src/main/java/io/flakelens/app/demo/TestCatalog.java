package io.flakelens.app.demo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The simulated code base: which tests exist, in which job and report file, with names in the shapes
 * real runners write (plain JUnit methods, JUnit 4 and 5 parameterised names, googletest's value- and
 * type-parameterised suites), so grouping and clustering meet what they will meet in the wild.
 */
final class TestCatalog {
    private static final String[][] DOMAINS = {
        {"orders", "Order", "OrderLine", "Checkout"},
        {"payments", "Payment", "Refund", "CardToken"},
        {"inventory", "Stock", "Warehouse", "Reservation"},
        {"billing", "Invoice", "TaxRule", "Ledger"},
        {"auth", "Token", "Session", "Password"},
        {"catalog", "Product", "Category", "Sku"},
        {"shipping", "Shipment", "Carrier", "Label"},
        {"search", "Query", "Index", "Ranking"},
        {"users", "User", "Profile", "Address"},
        {"notifications", "Notification", "Email", "Webhook"},
        {"pricing", "Price", "Discount", "Coupon"},
        {"gateway", "Route", "RateLimit", "Header"},
        {"reporting", "Report", "Export", "Chart"},
        {"cart", "Cart", "CartItem", "Wishlist"},
    };
    private static final String[][] ROLES = {
        {"Service", "Repository", "Controller", "Validator", "Mapper", "Serializer", "Cache", "Factory", "Handler"},
        {"Repository", "Client", "Controller", "Service", "Listener", "Consumer", "Migration"},
        {"Flow", "Journey", "Api", "Smoke"},
    };
    private static final String[] CLASS_SUFFIX = {"Test", "IT", "E2ETest"};
    private static final String[] VERBS = {
        "Create",
        "Update",
        "Delete",
        "FindById",
        "ListAll",
        "Validate",
        "Parse",
        "Serialize",
        "Deserialize",
        "Retry",
        "Cancel",
        "Refund",
        "Merge",
        "Lookup",
        "Expire",
        "Reserve",
        "Release",
        "Publish",
        "Subscribe",
        "Paginate",
        "Sort",
        "Filter",
        "Export",
        "Import",
        "Authorize",
        "Render",
        "Notify"
    };
    private static final String[] CONDITIONS = {
        "WhenMissing",
        "WhenExpired",
        "WhenEmpty",
        "OnTimeout",
        "WithNullInput",
        "UnderLoad",
        "AfterRestart",
        "OnConcurrentUpdate",
        "WithUnicode",
        "AtBoundary"
    };
    private static final String[] ADJECTIVES = {"Negative", "Empty", "Expired", "Duplicate", "Malformed", "Oversized"};
    private static final String[] NOUNS = {"Amount", "Name", "Token", "Id", "Payload", "Quantity", "Currency"};
    private static final String[] PARAMETER_TYPES = {"int, int", "String", "String, int", "long", "BigDecimal"};
    private static final String[] NATIVE = {
        "Parser",
        "Tokenizer",
        "Codec",
        "RingBuffer",
        "Hasher",
        "Checksum",
        "Arena",
        "Compressor",
        "LruCache",
        "Scheduler",
        "UrlEncoder",
        "Utf8Decoder"
    };
    private static final String[] NATIVE_TESTS = {
        "HandlesEmptyInput",
        "ParsesNumbers",
        "RejectsOverflow",
        "RoundTrips",
        "GrowsOnDemand",
        "EvictsOldest",
        "IsThreadSafe",
        "MatchesReference",
        "HandlesUnicode",
        "Resets"
    };
    private static final String[] NATIVE_PREFIXES = {"All", "Sizes", "Inputs", "Edge"};
    private static final double SKIPPED_SHARE = 0.01;

    private final List<SimTest> tests = new ArrayList<>();
    private final List<SimModule> modules = new ArrayList<>();
    private final List<String> jobs;
    private final Set<String> classNames = new HashSet<>();
    private final List<List<SimModule>> byJob = new ArrayList<>();

    TestCatalog(SimulationConfig config) {
        this.jobs = config.jobs();
        SplittableRandom rnd = Mix.random(config.seed(), "catalog");
        int[] quotas = quotas(config.tests(), jobs.size());
        for (int j = 0; j < jobs.size(); j++) {
            // Native unit tests only beside the first job's Java ones, and only where there is room.
            int nativeQuota = j == 0 && quotas[j] >= 40 ? quotas[j] / 10 : 0;
            addJavaModules(rnd, j, quotas[j] - nativeQuota);
            if (nativeQuota > 0) {
                addNativeModule(rnd, j, nativeQuota);
            }
            int job = j;
            byJob.add(modules.stream().filter(m -> m.job() == job).toList());
        }
    }

    List<SimTest> tests() {
        return tests;
    }

    List<SimModule> modules() {
        return modules;
    }

    /** A job's modules; their tests are contiguous, in module order. */
    List<SimModule> modulesOf(int job) {
        return byJob.get(job);
    }

    /** Earlier jobs are the cheaper, larger suites: weights 1, 1/2^1.2, 1/3^1.2 ... */
    private static int[] quotas(int total, int jobCount) {
        double[] w = new double[jobCount];
        double sum = 0;
        for (int j = 0; j < jobCount; j++) {
            w[j] = 1 / StrictMath.pow(j + 1, 1.2);
            sum += w[j];
        }
        int[] q = new int[jobCount];
        int left = total;
        for (int j = 0; j < jobCount; j++) {
            q[j] = j == jobCount - 1 ? left : Math.max(1, (int) Math.round(total * w[j] / sum));
            left -= q[j];
        }
        return q;
    }

    private void addJavaModules(SplittableRandom rnd, int job, int quota) {
        int tier = Math.min(job, 2);
        int moduleCount = Math.max(1, Math.min(4, Math.round(quota / 72f)));
        int firstDomain = rnd.nextInt(DOMAINS.length);
        String packageSuffix = job == 0 ? "" : "." + packagePart(jobs.get(job));
        List<List<SimTest>> perModule = new ArrayList<>();
        for (int m = 0; m < moduleCount; m++) {
            perModule.add(new ArrayList<>());
        }
        int made = 0;
        for (int c = 0; made < quota; c++) {
            int m = c % moduleCount;
            String[] domain = DOMAINS[(firstDomain + m * 3) % DOMAINS.length];
            String pkg = "com.acme." + domain[0] + packageSuffix;
            String simple = newClassName(rnd, domain, tier);
            String classname = pkg + "." + simple;
            made += addMethods(
                    rnd,
                    perModule.get(m),
                    classname,
                    simple + ".java",
                    tier,
                    Math.min(quota - made, 3 + rnd.nextInt(8)));
        }
        for (int m = 0; m < moduleCount; m++) {
            String[] domain = DOMAINS[(firstDomain + m * 3) % DOMAINS.length];
            String name = "com.acme." + domain[0] + packageSuffix;
            addModule(job, name, "TEST-" + name + ".xml", false, perModule.get(m));
        }
    }

    private String newClassName(SplittableRandom rnd, String[] domain, int tier) {
        String[] roles = ROLES[tier];
        for (int tries = 0; ; tries++) {
            String noun = domain[1 + rnd.nextInt(domain.length - 1)];
            String name = noun + roles[rnd.nextInt(roles.length)] + CLASS_SUFFIX[tier];
            if (tries > 20) {
                name = noun + roles[rnd.nextInt(roles.length)] + (tries - 19) + CLASS_SUFFIX[tier];
            }
            if (classNames.add(domain[0] + "." + tier + "." + name)) {
                return name;
            }
        }
    }

    /** Adds up to {@code room} test ids of one class; returns how many. */
    private int addMethods(
            SplittableRandom rnd, List<SimTest> into, String classname, String source, int tier, int room) {
        Set<String> methods = new HashSet<>();
        int made = 0;
        int line = 30 + rnd.nextInt(20);
        while (made < room) {
            String method = methodName(rnd);
            if (!methods.add(method)) {
                continue;
            }
            line += 8 + rnd.nextInt(30);
            List<String> names = new ArrayList<>();
            if (rnd.nextDouble() < 0.12) {
                int variants = Math.min(room - made, 2 + rnd.nextInt(5));
                boolean junit5 = rnd.nextBoolean();
                String types = PARAMETER_TYPES[rnd.nextInt(PARAMETER_TYPES.length)];
                for (int i = 0; i < variants; i++) {
                    // JUnit 4 numbers variants from 0, Surefire's JUnit 5 names from 1 with the signature.
                    names.add(junit5 ? method + "(" + types + ")[" + (i + 1) + "]" : method + "[" + i + "]");
                }
            } else {
                names.add(method);
            }
            for (String n : names) {
                into.add(new SimTest(
                        -1,
                        -1,
                        classname,
                        n,
                        method,
                        null,
                        source,
                        line,
                        duration(rnd, tier),
                        rnd.nextDouble() < SKIPPED_SHARE));
            }
            made += names.size();
        }
        return made;
    }

    private static String methodName(SplittableRandom rnd) {
        String verb = VERBS[rnd.nextInt(VERBS.length)];
        return switch (rnd.nextInt(4)) {
            case 0 -> "test" + verb;
            case 1 -> "test" + verb + CONDITIONS[rnd.nextInt(CONDITIONS.length)];
            case 2 -> "should" + verb + CONDITIONS[rnd.nextInt(CONDITIONS.length)];
            default -> "rejects" + ADJECTIVES[rnd.nextInt(ADJECTIVES.length)] + NOUNS[rnd.nextInt(NOUNS.length)];
        };
    }

    private void addNativeModule(SplittableRandom rnd, int job, int quota) {
        List<SimTest> into = new ArrayList<>();
        Set<String> suites = new HashSet<>();
        int made = 0;
        for (int round = 0; made < quota; round++) {
            // Past the plain names, number them so a large quota cannot run out of suites.
            String thing = NATIVE[rnd.nextInt(NATIVE.length)] + (round >= 100 ? String.valueOf(round) : "");
            String source = "src/" + snake(thing) + "_test.cc";
            int line = 20 + rnd.nextInt(40);
            int kind = rnd.nextInt(3);
            int room = quota - made;
            if (kind == 0) {
                // Value-parameterised: Prefix/Suite is the classname, Test/N the name.
                String suite = NATIVE_PREFIXES[rnd.nextInt(NATIVE_PREFIXES.length)] + "/" + thing + "Test";
                if (!suites.add(suite)) {
                    continue;
                }
                String test = NATIVE_TESTS[rnd.nextInt(NATIVE_TESTS.length)];
                int n = Math.min(room, 4 + rnd.nextInt(12));
                for (int i = 0; i < n; i++) {
                    into.add(nativeTest(rnd, suite, test + "/" + i, test, "\"case-" + i + "\"", source, line));
                }
                made += n;
            } else if (kind == 1) {
                // Type-parameterised: Suite/N is the classname, one per type.
                int types = Math.min(room, 2 + rnd.nextInt(3));
                String test = NATIVE_TESTS[rnd.nextInt(NATIVE_TESTS.length)];
                if (!suites.add(thing + "TypedTest")) {
                    continue;
                }
                for (int t = 0; t < types; t++) {
                    into.add(nativeTest(rnd, thing + "TypedTest/" + t, test, test, null, source, line));
                }
                made += types;
            } else {
                String suite = thing + "Test";
                if (!suites.add(suite)) {
                    continue;
                }
                Set<String> names = new HashSet<>();
                int n = Math.min(room, 2 + rnd.nextInt(5));
                while (names.size() < n) {
                    String test = NATIVE_TESTS[rnd.nextInt(NATIVE_TESTS.length)];
                    if (names.add(test)) {
                        line += 6 + rnd.nextInt(20);
                        into.add(nativeTest(rnd, suite, test, test, null, source, line));
                    }
                }
                made += n;
            }
        }
        addModule(job, "native", "gtest-native.xml", true, into);
    }

    private static SimTest nativeTest(
            SplittableRandom rnd, String suite, String name, String test, String param, String source, int line) {
        boolean skipped = rnd.nextDouble() < SKIPPED_SHARE;
        // googletest reports a disabled test under its DISABLED_ name as not run.
        String shown = skipped ? "DISABLED_" + name : name;
        return new SimTest(
                -1, -1, suite, shown, test, param, source, line, Math.max(1, (int) (rnd.nextDouble() * 4)), skipped);
    }

    private void addModule(int job, String name, String file, boolean gtest, List<SimTest> moduleTests) {
        int moduleIndex = modules.size();
        int from = tests.size();
        for (SimTest t : moduleTests) {
            tests.add(new SimTest(
                    tests.size(),
                    moduleIndex,
                    t.classname(),
                    t.name(),
                    t.method(),
                    t.valueParam(),
                    t.source(),
                    t.line(),
                    t.baseMillis(),
                    t.skipped()));
        }
        modules.add(new SimModule(moduleIndex, job, name, file, gtest, from, tests.size()));
    }

    /** Log-normal around a median that grows with the tier: unit ms, integration s, e2e tens of s. */
    private static int duration(SplittableRandom rnd, int tier) {
        double median = switch (tier) {
            case 0 -> 15;
            case 1 -> 600;
            default -> 5_000;
        };
        double ms = median * StrictMath.exp(gaussian(rnd) * (tier == 2 ? 0.6 : 1.0));
        return (int) Math.max(1, Math.min(120_000, ms));
    }

    /**
     * Box-Muller over StrictMath. The JDK's nextGaussian and Math's transcendentals may differ in the
     * last bit between platforms; the output is promised identical everywhere.
     */
    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        return StrictMath.sqrt(-2 * StrictMath.log(u)) * StrictMath.cos(2 * Math.PI * rnd.nextDouble());
    }

    private static String packagePart(String job) {
        String p = job.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        return p.isEmpty() || !Character.isLetter(p.charAt(0)) ? "j" + p : p;
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }
}
