// Package render builds the static website of a deals repository: pipeline, forecast, deal pages, people and coaching.
package render
