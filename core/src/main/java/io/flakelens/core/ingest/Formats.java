package io.flakelens.core.ingest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every format Flakelens reads, by the name users see. */
public final class Formats {
    private static final List<ReportParser> ALL = List.of(
            new JUnitXmlParser(),
            new NUnitXmlParser(),
            new XUnitXmlParser(),
            new TrxParser(),
            new GoTestJsonParser(),
            new TapParser(),
            new CockpitRecordParser());

    private static final Map<String, ReportParser> BY_NAME =
            ALL.stream().collect(Collectors.toMap(ReportParser::format, Function.identity()));

    private Formats() {}

    public static Optional<ReportParser> parser(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static List<String> names() {
        return ALL.stream().map(ReportParser::format).toList();
    }
}
