"""Demo data for the 2025 awards: the eight categories of 2025, a sample rubric, a panel of
judges and forty fictional products (any likeness to a real company is chance)."""

# code, name, English name, description, small firms only
CATEGORIES = [
    ("cong-nghiep", "Sản phẩm số xuất sắc lĩnh vực Công nghiệp và Xây dựng",
     "Excellent digital product: industry and construction",
     "Sản phẩm số phục vụ sản xuất công nghiệp, nhà máy thông minh, xây dựng.", False),
    ("nong-nghiep", "Sản phẩm số xuất sắc lĩnh vực Nông nghiệp, Tài nguyên và Môi trường",
     "Excellent digital product: agriculture, natural resources and environment",
     "Nông nghiệp số, truy xuất nguồn gốc, quan trắc tài nguyên và môi trường.", False),
    ("giao-thong", "Sản phẩm số xuất sắc lĩnh vực Giao thông, Bưu chính và Logistics",
     "Excellent digital product: transport, post and logistics",
     "Giao thông thông minh, bưu chính, chuỗi cung ứng và logistics.", False),
    ("xa-hoi", "Sản phẩm số xuất sắc lĩnh vực Giáo dục, Y tế, Văn hóa và Xã hội",
     "Excellent digital product: education, health, culture and society",
     "Giáo dục số, y tế số, văn hóa và các dịch vụ xã hội.", False),
    ("tai-chinh", "Sản phẩm số xuất sắc lĩnh vực Tài chính, Ngân hàng, Thương mại và Dịch vụ",
     "Excellent digital product: finance, banking, trade and services",
     "Ngân hàng số, thanh toán, thương mại điện tử và dịch vụ.", False),
    ("tiem-nang", "Sản phẩm số tiềm năng", "Potential digital product",
     "Dành cho doanh nghiệp siêu nhỏ, nhỏ và khởi nghiệp sáng tạo.", True),
    ("nuoc-ngoai", "Sản phẩm số xuất sắc cho thị trường nước ngoài",
     "Excellent digital product for foreign markets",
     "Sản phẩm Việt Nam có doanh thu, người dùng ở thị trường nước ngoài.", False),
    ("chien-luoc", "Sản phẩm công nghệ số chiến lược xuất sắc",
     "Excellent strategic digital technology product",
     "Trí tuệ nhân tạo, bản sao số, thực tế ảo và tăng cường, điện toán đám mây, lượng tử, "
     "dữ liệu lớn, chuỗi khối, 5G/6G, robot, chip bán dẫn.", False),
]  # fmt: skip

# name, English name, guidance, weight, maximum, required, independent
SCORING_RUBRIC = [
    ("Tính mới, sáng tạo", "Novelty and creativity",
     "Sản phẩm giải bài toán theo cách mới, khác biệt so với sản phẩm cùng loại.",
     2, 10, True, False),
    ("Làm chủ công nghệ lõi", "Mastery of core technology",
     "Doanh nghiệp tự phát triển, làm chủ công nghệ; mức độ phụ thuộc nền tảng nước ngoài.",
     2, 10, True, False),
    ("Hiệu quả kinh tế – xã hội", "Economic and social impact",
     "Số người dùng, doanh thu, chi phí tiết kiệm được, tác động tới cộng đồng.",
     2, 10, True, False),
    ("Khả năng thương mại hóa", "Commercial potential",
     "Mô hình kinh doanh, khách hàng trả tiền, khả năng mở rộng.", 1.5, 10, True, False),
    ("An toàn, bảo mật thông tin", "Security and data protection",
     "Tuân thủ bảo vệ dữ liệu cá nhân, an toàn thông tin.", 1, 10, True, False),
    ("Tiềm năng vươn ra quốc tế", "International potential",
     "Đánh giá riêng, không tính vào tổng điểm.", 1, 10, False, True),
]  # fmt: skip

FINAL_RUBRIC = [
    ("Tác động thực tiễn", "Real-world impact", "", 3, 10, True, False),
    ("Công nghệ", "Technology", "", 2, 10, True, False),
    ("Thị trường và tăng trưởng", "Market and growth", "", 2, 10, True, False),
]  # fmt: skip

# title, full name, organisation, tax code (when the organisation is a company), score bias
JUDGES = [
    ("GS. TS.", "Nguyễn Thanh Thủy", "Đại học Quốc gia Hà Nội", "", 0.0),
    ("PGS. TS.", "Trần Quang Huy", "Đại học Bách khoa Hà Nội", "", 0.2),
    ("TS.", "Lê Thị Minh Nguyệt", "Viện Công nghệ thông tin", "", -1.3),
    ("TS.", "Phạm Đức Long", "Hiệp hội Phần mềm và Dịch vụ CNTT Việt Nam", "", 0.4),
    ("ThS.", "Hoàng Văn Nam", "Cục Công nghiệp công nghệ thông tin", "", 1.2),
    ("PGS. TS.", "Đỗ Thị Hồng Vân", "Học viện Công nghệ Bưu chính Viễn thông", "", -0.3),
    ("TS.", "Vũ Minh Khôi", "Quỹ Đổi mới công nghệ quốc gia", "", 0.1),
    # From a nominee's company: kept away from its entries automatically.
    ("TS.", "Bùi Ngọc Anh", "Công ty Cổ phần Công nghệ Sao Bắc Đẩu", "company:0", 0.0),
]

# product, company, quality (0–10)
PRODUCTS = [
    ("Nền tảng nhà máy thông minh SmartFactory", "Công ty Cổ phần Công nghệ Sao Bắc Đẩu", 8.6),
    ("Giám sát công trình bằng BIM số", "Công ty TNHH Xây dựng Số Trường Sơn", 7.4),
    ("Bản sao số dây chuyền cán thép", "Công ty Cổ phần Giải pháp Công nghiệp Hồng Hà", 8.1),
    ("Bảo trì dự đoán PredictM", "Công ty TNHH Phần mềm Cửu Long", 6.8),
    ("An toàn lao động SafeSite", "Công ty Cổ phần An Toàn Số Việt", 6.2),
    ("Truy xuất nguồn gốc nông sản TraceVN", "Công ty Cổ phần Nông nghiệp Số Mekong", 8.3),
    ("Quan trắc chất lượng nước thông minh", "Công ty TNHH Môi trường Xanh Đông Dương", 7.7),
    ("Cảnh báo sạt lở đất bằng IoT", "Công ty Cổ phần Địa Tin học Tây Bắc", 8.8),
    ("Sàn giao dịch lúa gạo trực tuyến", "Công ty TNHH Thương mại Đồng Bằng", 6.5),
    ("Nhật ký canh tác điện tử", "Công ty Cổ phần Nông Trí", 6.0),
    ("Điều phối xe công nghệ VietRide", "Công ty Cổ phần Di chuyển Việt", 7.9),
    ("Tối ưu tuyến giao hàng chặng cuối", "Công ty TNHH Logistics Phương Nam", 8.0),
    ("Cảng thông minh ePort", "Công ty Cổ phần Cảng Số Hải Phòng", 8.4),
    ("Bưu cục tự động 24/7", "Công ty Cổ phần Bưu chính Số", 7.1),
    ("Quản lý vận tải hàng hóa TMS", "Công ty TNHH Vận tải Thông minh Bắc Nam", 6.6),
    ("Trợ lý học tập AI cho học sinh", "Công ty Cổ phần Giáo dục Số Sao Mai", 8.9),
    ("Bệnh án điện tử liên thông", "Công ty Cổ phần Y tế Số An Khang", 8.5),
    ("Bảo tàng số di sản Huế", "Công ty TNHH Văn hóa Số Cố Đô", 7.3),
    ("Khám bệnh từ xa TeleMed", "Công ty Cổ phần Sức khỏe Việt", 7.6),
    ("Thư viện số cho trường vùng cao", "Công ty TNHH Tri Thức Mở", 6.4),
    ("Ngân hàng số cho hộ kinh doanh", "Công ty Cổ phần Tài chính Số Việt Tín", 8.2),
    ("Hóa đơn điện tử cho doanh nghiệp nhỏ", "Công ty Cổ phần Phần mềm Kế toán An Phát", 7.8),
    ("Thanh toán QR liên ngân hàng", "Công ty Cổ phần Thanh toán Bốn Phương", 8.7),
    ("Chấm điểm tín dụng thay thế", "Công ty TNHH Dữ liệu Tín dụng Việt", 7.0),
    ("Sàn thương mại điện tử làng nghề", "Công ty Cổ phần Chợ Quê", 6.3),
    ("Ứng dụng đặt lịch spa cho người khiếm thị", "Công ty TNHH Khởi nghiệp Ánh Dương", 7.5),
    ("Robot giao đồ trong tòa nhà", "Công ty TNHH Robot Nhỏ", 7.9),
    ("Trợ lý pháp lý cho hộ kinh doanh", "Công ty TNHH Luật Số Khởi Nguyên", 7.2),
    ("Cảm biến độ mặn giá rẻ", "Công ty TNHH Cảm Biến Xanh", 6.9),
    ("Học tiếng dân tộc qua trò chơi", "Công ty TNHH Ngôn Ngữ Bản Làng", 6.1),
    ("Nền tảng quản trị doanh nghiệp ra thế giới", "Công ty Cổ phần Phần mềm Toàn Cầu Việt", 8.6),
    ("Dịch vụ gia công phần mềm ô tô", "Công ty Cổ phần Kỹ thuật Ô tô Số", 8.0),
    ("Trò chơi di động Rồng Vàng", "Công ty Cổ phần Giải trí Rồng Vàng", 7.4),
    ("Nền tảng bảo mật đám mây SecureCloud", "Công ty Cổ phần An ninh Mạng Lạc Long", 8.3),
    ("Phần mềm quản lý khách sạn xuất khẩu", "Công ty TNHH Du lịch Số Sen Vàng", 6.7),
    ("Mô hình ngôn ngữ lớn tiếng Việt", "Công ty Cổ phần Trí tuệ Nhân tạo Lạc Hồng", 9.1),
    ("Chip xử lý hình ảnh cho camera", "Công ty Cổ phần Bán dẫn Việt", 8.8),
    ("Bản sao số đô thị", "Công ty Cổ phần Thành phố Số", 8.1),
    ("Điện toán đám mây chủ quyền", "Công ty Cổ phần Đám mây Việt", 8.4),
    ("Chuỗi khối truy xuất văn bằng", "Công ty TNHH Chuỗi Khối Tin Cậy", 7.0),
]
