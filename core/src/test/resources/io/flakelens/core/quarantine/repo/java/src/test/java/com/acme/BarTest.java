package com.acme;

import org.testng.annotations.Test;

public class BarTest {
    @Test(enabled = false, description = "flaky under load ACME-99")
    public void testBar() {
    }

    @Test(enabled = true)
    public void testEnabled() {
    }
}
