/**
 * Every error a cashier can meet, in Bahasa Indonesia: what happened and what to do next. Keys are
 * the server's error codes (protocol errors/error-code.ts; a test checks every code has one) and the
 * device's own kinds (no network, a bad answer, local storage). The raw code is shown beside the
 * text for support (common/error-text.tsx); the server's English message never is.
 */
export const errorsId = {
  invalid_json: 'Permintaan rusak di jalan. Coba lagi; jika terus terjadi, hubungi dukungan.',
  validation_failed: 'Data tidak lengkap atau tidak sesuai. Periksa isian lalu coba lagi.',
  invalid_cursor: 'Posisi sinkron tidak dikenali server. Buka Pengaturan lalu Reset & unduh ulang.',
  unauthorized:
    'Perangkat atau token tidak dikenali (mungkin dicabut atau salah ketik). Periksa token, atau minta kode pairing baru ke admin.',
  forbidden:
    'Perangkat ini tidak punya izin untuk tindakan ini. Minta admin menambah izinnya di back office.',
  not_found: 'Data yang dicari tidak ada di server (mungkin sudah dihapus). Muat ulang lalu coba lagi.',
  transfer_not_in_transit: 'Transfer ini sudah diterima atau dibatalkan.',
  stocktake_closed: 'Stok opname ini sudah ditutup.',
  idempotency_conflict:
    'Transaksi dengan nomor yang sama sudah tercatat dengan isi berbeda. Jangan dibuang; hubungi admin.',
  already_exists: 'Sudah ada data dengan kode atau nama ini. Pakai kode lain.',
  barcode_taken: 'Barcode ini sudah dipakai produk lain. Periksa barcode di back office.',
  payload_too_large: 'Data terlalu besar untuk dikirim sekaligus. Bagi transaksi menjadi beberapa bagian.',
  image_too_large: 'Gambar terlalu besar. Gunakan JPEG, PNG atau WebP maksimal 5 MB.',
  image_unsupported: 'Berkas ini bukan gambar JPEG, PNG atau WebP. Pilih berkas lain.',
  unsupported_media_type: 'Server menolak format data aplikasi ini. Perbarui aplikasi (muat ulang halaman).',
  unknown_product:
    'Produk tidak ada di katalog server. Sinkronkan katalog, lalu periksa produk di back office.',
  unknown_branch: 'Cabang tidak dikenal server. Minta admin memeriksa cabang perangkat ini.',
  line_total_mismatch: 'Jumlah per baris tidak cocok. Ubah jumlah atau diskon baris lalu coba lagi.',
  discount_exceeds_amount: 'Diskon lebih besar dari harga. Kurangi diskonnya.',
  tax_mismatch: 'Perhitungan PPN tidak cocok dengan server. Sinkronkan pengaturan toko lalu coba lagi.',
  invalid_tax_rate: 'Tarif pajak produk tidak berlaku. Periksa kelas pajak produk di back office.',
  total_mismatch: 'Total tidak cocok dengan perhitungan server. Sinkronkan pengaturan toko lalu coba lagi.',
  underpaid: 'Pembayaran kurang dari total. Tambah pembayaran.',
  overpaid_non_cash: 'Hanya tunai yang boleh melebihi total (kembalian). Kurangi pembayaran non-tunai.',
  invalid_rounding:
    'Pembulatan hanya untuk transaksi dengan pembayaran tunai. Tambahkan pembayaran tunai atau bayar total persis.',
  invalid_invoice_number: 'Nomor struk tidak sah untuk perangkat ini. Hubungi admin; jangan dibuang.',
  mutation_id_mismatch: 'Data antrean tidak konsisten. Hubungi dukungan; jangan dibuang.',
  too_many_products: 'Terlalu banyak produk sekaligus. Kirim dalam beberapa bagian.',
  pairing_code_invalid:
    'Kode pairing tidak dikenal, kedaluwarsa atau sudah dipakai. Minta kode baru ke admin (berlaku 15 menit).',
  upgrade_required:
    'Versi aplikasi terlalu lama. Muat ulang halaman untuk memperbarui; data yang belum terkirim tetap aman.',
  rate_limited: 'Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi.',
  unavailable: 'Server sedang sibuk atau dalam perawatan. Penjualan tetap tersimpan; akan dikirim otomatis.',
  internal:
    'Terjadi kesalahan di server. Penjualan tetap tersimpan; akan dicoba lagi otomatis. Jika berulang, hubungi dukungan.',
  unknown_sale:
    'Penjualan asal belum ada di server. Pastikan kasir yang menjualnya sudah tersinkron, lalu coba lagi.',
  unknown_sale_line:
    'Baris yang direfund tidak ada di penjualan asal. Cari ulang penjualannya lalu pilih barisnya.',
  unknown_shift:
    'Shift ini tidak dikenal server. Tutup shift lalu buka shift baru; laporkan kode ini ke pemilik.',
  shift_closed: 'Shift ini sudah ditutup. Buka shift baru untuk mencatat kas.',
  network:
    'Tidak ada koneksi ke server. Periksa internet atau alamat server; penjualan tetap bisa berjalan dan dikirim nanti.',
  invalid_response: 'Jawaban server tidak bisa dibaca (mungkin alamat server salah). Periksa alamat server.',
  storage: 'Penyimpanan perangkat bermasalah (mungkin penuh). Kosongkan ruang penyimpanan lalu muat ulang.',
  device_unknown:
    'Perangkat ini belum pernah terhubung ke server. Hubungkan ke internet dan tunggu sinkron pertama.',
  unknown: 'Terjadi kesalahan. Coba lagi; jika berulang, hubungi dukungan dengan kode di bawah.',
  code: 'Kode: {{code}}',
  invalidServerUrl: 'Alamat server harus diawali http:// atau https://',
  invalidPairingCode: 'Kode pairing berisi 8 huruf/angka, mis. K7QX-9M2P',
  invalidBranchCode: 'Kode cabang: 2–10 huruf besar atau angka, mis. JKT',
  required: 'Wajib diisi',
};
