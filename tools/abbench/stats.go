package main

import (
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
)

// report prints each side's mean and median, and the mean difference B − A over the rounds
// with its bootstrap 95 % interval.
func report(w io.Writer, cfg config, as, bs []sample) {
	cpu := func(s []sample) []float64 {
		out := make([]float64, len(s))
		for i := range s {
			out[i] = s[i].cpuPerAnswer
		}
		return out
	}
	a, b := cpu(as), cpu(bs)
	diff := make([]float64, len(a))
	for i := range a {
		diff[i] = b[i] - a[i]
	}
	lo, hi := bootstrap(diff, cfg.bootstrapSamples, cfg.seed)
	fmt.Fprintf(w, "\nCPU per answer (µs)   mean   median\nA                   %6.1f   %6.1f\nB                   %6.1f   %6.1f\n",
		mean(a), median(a), mean(b), median(b))
	fmt.Fprintf(w, "B − A               %+6.1f   95%% interval %+.1f to %+.1f (bootstrap of %d rounds, %d resamples, seed %d)\n",
		mean(diff), lo, hi, len(diff), cfg.bootstrapSamples, cfg.seed)
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func median(x []float64) float64 {
	s := slices.Sorted(slices.Values(x))
	if n := len(s); n%2 == 1 {
		return s[n/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// bootstrap returns the 2.5th and 97.5th percentiles of the mean of x over n resamples
// drawn with a PCG seeded by seed.
func bootstrap(x []float64, n int, seed uint64) (lo, hi float64) {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	means := make([]float64, n)
	for i := range means {
		s := 0.0
		for range x {
			s += x[r.IntN(len(x))]
		}
		means[i] = s / float64(len(x))
	}
	slices.Sort(means)
	return means[n*25/1000], means[n*975/1000]
}
