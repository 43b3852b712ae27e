package com.flashsale.node.service;

import java.util.List;

/**
 * A check the {@link Reconciler} runs after its own, for what a grid member's code cannot see by itself:
 * the PostgreSQL side lives in the mapstore module, which depends on this one, so it plugs its check in here.
 * Like the reconciler's own checks, it repairs only what is not in flight and reports every finding.
 */
public interface ReconciliationCheck {

  List<ReconciliationReport.Finding> check();
}
