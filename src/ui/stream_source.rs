//! A clip streamed to the output device: decoded a packet at a time on rodio's thread.

use crate::io::audio::ClipStream;
use std::sync::Arc;
use std::time::Duration;

/// A [`ClipStream`] as rodio's source of samples; decoding runs on the audio thread.
pub(super) struct StreamSource {
    pub(super) stream: ClipStream,
    pub(super) chunk: Vec<f32>,
    pub(super) at: usize,
    pub(super) channels: rodio::ChannelCount,
    pub(super) rate: rodio::SampleRate,
}

impl Iterator for StreamSource {
    type Item = f32;
    fn next(&mut self) -> Option<f32> {
        while self.at >= self.chunk.len() {
            let next = self.stream.next_chunk()?;
            self.chunk.clear();
            self.chunk.extend_from_slice(next);
            self.at = 0;
        }
        self.at += 1;
        Some(self.chunk[self.at - 1])
    }
}

impl rodio::Source for StreamSource {
    fn current_span_len(&self) -> Option<usize> {
        None
    }
    fn channels(&self) -> rodio::ChannelCount {
        self.channels
    }
    fn sample_rate(&self) -> rodio::SampleRate {
        self.rate
    }
    fn total_duration(&self) -> Option<Duration> {
        self.stream.duration_s().map(Duration::from_secs_f64)
    }
    fn try_seek(&mut self, pos: Duration) -> Result<(), rodio::source::SeekError> {
        self.chunk.clear();
        self.at = 0;
        self.stream
            .seek(pos.as_secs_f64())
            .map_err(|e| rodio::source::SeekError::Other(Arc::new(std::io::Error::other(e))))
    }
}
