package io.flakelens.app.demo;

/**
 * One test id of the simulated code base.
 *
 * @param method     the method (or gtest test) the stack traces name, parameters stripped
 * @param valueParam gtest's {@code value_param} attribute, else null
 * @param source     source file the traces and gtest's {@code file} attribute name
 * @param baseMillis typical duration; each run jitters around it
 * @param skipped    disabled in the source: reported skipped on every run
 */
record SimTest(
        int index,
        int module,
        String classname,
        String name,
        String method,
        String valueParam,
        String source,
        int line,
        int baseMillis,
        boolean skipped) {

    /** The {@code suite::name} form every Flakelens command prints. */
    String id() {
        return classname + "::" + name;
    }

    String simpleClass() {
        int dot = classname.lastIndexOf('.');
        return dot < 0 ? classname : classname.substring(dot + 1);
    }
}
