package io.flakelens.core.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.flakelens.core.model.TestId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Findit's grouping rules (flake/detection/detect_flake_occurrences.py in Chromium's Findit), plus our fixes. */
class TestGroupsTest {
    @ParameterizedTest(name = "{0} :: {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // gtest value-parameterised, one and two digits: Findit's [\d+\*] missed /11
                "''|All/ParserTest.Parses/1|ParserTest.Parses",
                "''|All/ParserTest.Parses/11|ParserTest.Parses",
                "''|All/ParserTest.Parses/*|ParserTest.Parses",
                // gtest type-parameterised
                "''|Prefix/TypedTest/3.DoesIt|TypedTest.DoesIt",
                "''|Prefix/TypedTest/12.DoesIt|TypedTest.DoesIt",
                // gtest split across classname and name as gtest's XML writes it
                "All/ParserTest|Parses/11|ParserTest.Parses",
                "Prefix/TypedTest/12|DoesIt|TypedTest.DoesIt",
                // PRE_ tests belong to the test they prepare
                "''|BrowserTest.PRE_PRE_Restores|BrowserTest.Restores",
                // layout tests
                "''|virtual/gpu/fast/canvas/draw.html?webgl|fast/canvas/draw.html",
                // pytest, JUnit 5 and Surefire parameter spellings
                "tests.test_x.TestA|test_y[1-2]|tests.test_x.TestA::test_y",
                "com.acme.CalcTest|add(int, int)[2]|com.acme.CalcTest::add",
                "com.acme.CalcTest|add(int, int)|com.acme.CalcTest::add",
                "com.acme.CalcTest|plain|com.acme.CalcTest::plain",
            })
    void groupsParameterisedVariantsUnderOneKey(String suite, String name, String group) {
        assertThat(TestGroups.groupKey(new TestId(suite, name))).isEqualTo(group);
    }
}
