"""Text mining: speaker turns and sentences, jieba tokens, agreement statistics."""
