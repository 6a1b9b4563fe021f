/**
 * Reads the log for the view: {@link io.netledger.ui.feed.LogFeed}, one consumer without a
 * group over every topic the page needs, from the beginning, handing each poll's image to a
 * listener.
 */
package io.netledger.ui.feed;
