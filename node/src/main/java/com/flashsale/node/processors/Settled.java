package com.flashsale.node.processors;

/** What a settling step (confirm, release, free an allowance) found: the order's share, or nothing to move. */
public enum Settled {
  /** The order's units or allowance were moved by this call. */
  MOVED,
  /** The order held nothing here: settled before, or never taken. Nothing changed. */
  NOTHING_HELD
}
