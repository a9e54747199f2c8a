// The JobSpec module.
