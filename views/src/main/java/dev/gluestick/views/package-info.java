/**
 * JavaFX panels of the workbench. Each panel is an {@code XxxView} (controls, layout, bindings)
 * over an {@code XxxViewModel} (state as properties, commands as methods, no controls, no math).
 */
package dev.gluestick.views;
