package io.flakelens.app;

/** Small Surefire-style JUnit XML reports for the app's tests (CLI and server alike). */
public final class SurefireXml {
    private SurefireXml() {}

    public static String report(String cls, String... casesXml) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"" + cls + "\">\n"
                + String.join("\n", casesXml) + "\n</testsuite>\n";
    }

    public static String pass(String cls, String name) {
        return "<testcase classname=\"" + cls + "\" name=\"" + name + "\" time=\"0.1\"/>";
    }

    public static String fail(String cls, String name) {
        return "<testcase classname=\"" + cls + "\" name=\"" + name
                + "\"><failure message=\"boom\">at x</failure></testcase>";
    }

    /** Failed once, then passed on a Surefire rerun inside the same run. */
    public static String flaky(String cls, String name) {
        return "<testcase classname=\"" + cls + "\" name=\"" + name + "\"><flakyFailure message=\"once\"/></testcase>";
    }
}
